//! Who may be given a pairing card, and when a card needs the chair.
//!
//! A pairing card signs its holder in as a delegate (or a guest) on their
//! own laptop. Whoever prints cards could otherwise sign in as anyone:
//! print a card for an absent delegate, check them in, vote. So a card is
//! only for an account that has no password (staff and the chair sign in
//! with theirs), a new card ends every earlier sign-in and card of the
//! person, and while a session of the council is convened or sitting a new
//! card works only once the chair has confirmed it in front of the chamber.

use super::{Account, Refusal, Role, SessionState};

/// A card may be issued for a person who has no account yet, or whose
/// account is a delegate's or a guest's with no password.
pub fn check_pairable(account: Option<(&Account, bool)>) -> Result<(), Refusal> {
    match account {
        None => Ok(()),
        Some((account, has_password)) => {
            let pairable = matches!(account.role, Role::Delegate | Role::Guest);
            if pairable && !has_password {
                Ok(())
            } else {
                Err(Refusal::refused(
                    "not_pairable",
                    format!(
                        "{} signs in with a password ({}); pairing cards are only for delegates' own laptops",
                        account.display_name, account.role
                    ),
                ))
            }
        }
    }
}

/// Whether a new card must wait for the chair: while any session of the
/// council is convened or sitting.
pub fn card_needs_chair(sessions: &[SessionState]) -> bool {
    sessions
        .iter()
        .any(|s| SessionState::CONVENED_OR_SITTING.contains(s))
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn account(role: Role) -> Account {
        Account {
            id: 1,
            username: "u".into(),
            display_name: "Nguyễn Văn A".into(),
            role,
            council_id: Some(1),
            person_id: Some(5),
            must_change_password: false,
            disabled: false,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn only_accounts_without_a_password_are_paired() {
        assert!(check_pairable(None).is_ok());
        assert!(check_pairable(Some((&account(Role::Delegate), false))).is_ok());
        assert!(check_pairable(Some((&account(Role::Guest), false))).is_ok());
        for role in [Role::Chair, Role::Secretary, Role::Admin, Role::Display] {
            for password in [false, true] {
                let refused = check_pairable(Some((&account(role), password)));
                assert!(
                    matches!(
                        &refused,
                        Err(Refusal::Refused {
                            code: "not_pairable",
                            ..
                        })
                    ),
                    "{role}: {refused:?}"
                );
            }
        }
        assert!(check_pairable(Some((&account(Role::Delegate), true))).is_err());
    }

    #[test]
    fn a_card_waits_for_the_chair_from_convening_to_the_end_of_the_sitting() {
        use SessionState::*;
        assert!(!card_needs_chair(&[]));
        assert!(!card_needs_chair(&[Draft, Closed]));
        assert!(card_needs_chair(&[Closed, Convened]));
        assert!(card_needs_chair(&[InProgress]));
    }
}

/// Wrong passwords or pairing codes came too fast: the sign-in throttle
/// blocked an address (or, with none, every address), and the secretariat
/// is told ("nhiều lần nhập sai mã thẻ").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct SignInAlarm {
    /// "password" or "pairing_code".
    pub attempt: String,
    /// The address blocked (an IPv6 address stands for its /64); none when
    /// the whole server stopped taking attempts for a while.
    pub address: Option<String>,
    /// Wrong attempts in the minute that tripped the block.
    pub failures: u32,
    pub blocked_seconds: u64,
}
