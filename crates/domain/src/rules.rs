//! Majority and quorum rules, kept as data on the council and on each poll.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text_enum;

text_enum! {
    /// What a majority is counted against.
    MajorityBase {
        /// All seats of the council (Luật Tổ chức chính quyền địa phương, Điều 91.3).
        TotalSeats => "total_seats",
        /// Delegates checked in when the poll opened.
        Present => "present",
        /// Ballots actually cast.
        BallotsCast => "ballots_cast",
    }
}

/// A fraction such as 1/2 or 2/3, kept as integers so that thresholds are
/// exact: "more than half of 50" is 26, never 25.000001.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Fraction {
    pub numerator: u32,
    pub denominator: u32,
}

impl Fraction {
    pub const HALF: Fraction = Fraction {
        numerator: 1,
        denominator: 2,
    };
    pub const TWO_THIRDS: Fraction = Fraction {
        numerator: 2,
        denominator: 3,
    };

    /// A fraction is valid when it lies in (0, 1].
    pub fn is_valid(self) -> bool {
        self.numerator > 0 && self.denominator >= self.numerator
    }

    /// Whether `count` out of `base` reaches this fraction: strictly more
    /// than it when `strict`, at least it otherwise.
    pub fn reached(self, count: u64, base: u64, strict: bool) -> bool {
        let lhs = u128::from(count) * u128::from(self.denominator);
        let rhs = u128::from(base) * u128::from(self.numerator);
        if strict {
            lhs > rhs
        } else {
            lhs >= rhs
        }
    }
}

/// A rule that decides a poll: `base`, `fraction`, and whether the count must
/// be strictly greater (">") or may be equal ("≥").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MajorityRule {
    pub base: MajorityBase,
    pub fraction: Fraction,
    pub strict: bool,
}

impl MajorityRule {
    /// The default for resolutions: more than half of all seats.
    pub const RESOLUTION: MajorityRule = MajorityRule {
        base: MajorityBase::TotalSeats,
        fraction: Fraction::HALF,
        strict: true,
    };

    pub fn reached(self, count: u64, base: u64) -> bool {
        self.fraction.reached(count, base, self.strict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_half_is_not_more_than_half() {
        let rule = MajorityRule::RESOLUTION;
        assert!(!rule.reached(25, 50));
        assert!(rule.reached(26, 50));
        assert!(!rule.reached(25, 51));
        assert!(rule.reached(26, 51));
    }

    #[test]
    fn two_thirds_inclusive() {
        let f = Fraction::TWO_THIRDS;
        assert!(f.reached(34, 51, false));
        assert!(!f.reached(33, 51, false));
        assert!(!f.reached(34, 51, true));
        assert!(f.reached(35, 51, true));
    }

    #[test]
    fn fraction_validity() {
        assert!(Fraction::HALF.is_valid());
        assert!(!Fraction {
            numerator: 0,
            denominator: 2
        }
        .is_valid());
        assert!(!Fraction {
            numerator: 3,
            denominator: 2
        }
        .is_valid());
    }
}
