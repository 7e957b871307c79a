use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rules::{Fraction, MajorityRule};
use super::text::{self, ValidationError};
use super::text_enum;

text_enum! {
    /// What happens when the chair starts the session or opens a poll with
    /// fewer delegates present than the quorum.
    BelowQuorum {
        /// The chair is shown the count and must confirm to go on; the
        /// confirmation is recorded.
        Warn => "warn",
        /// Refused until enough delegates are present.
        Refuse => "refuse",
    }
}

/// A People's Council (Hội đồng nhân dân) with the settings its rules depend on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Council {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    pub settings: CouncilSettings,
}

/// The council's settings: seats, wording of options, thresholds, time limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CouncilSettings {
    /// Place name used in document date lines ("Hải Phòng, ngày …").
    pub place_name: String,
    /// Total number of delegate seats: the base of most majorities.
    pub total_seats: u32,
    /// Option labels, e.g. "Tán thành" / "Không tán thành" / "Không biểu quyết".
    pub yes_label: String,
    pub no_label: String,
    pub abstain_label: String,
    /// Default rule for passing a resolution.
    pub majority: MajorityRule,
    /// Share of seats that must be present for the council to sit.
    pub quorum: Fraction,
    /// Starting the session or opening a poll below the quorum.
    pub below_quorum: BelowQuorum,
    /// Days before the session's start by which documents should reach delegates.
    pub lead_time_days: u32,
    /// Default time limit of a speech.
    pub speech_limit_seconds: u32,
    /// Delegates who have not yet spoken in the session go before those who have.
    pub first_speakers_first: bool,
    /// Resolutions signed for the long term (PAdES B-LTA: time-stamped,
    /// validation data, a document time-stamp) when the server has a
    /// time-stamping authority; off, they are signed at B-B (a council whose
    /// CA charges per time-stamp, or that signs without the network).
    pub long_term_signatures: bool,
}

impl CouncilSettings {
    pub fn defaults(place_name: String, total_seats: u32) -> Self {
        Self {
            place_name,
            total_seats,
            yes_label: "Tán thành".into(),
            no_label: "Không tán thành".into(),
            abstain_label: "Không biểu quyết".into(),
            majority: MajorityRule::RESOLUTION,
            quorum: Fraction::TWO_THIRDS,
            below_quorum: BelowQuorum::Warn,
            lead_time_days: 7,
            speech_limit_seconds: 420,
            first_speakers_first: true,
            long_term_signatures: true,
        }
    }

    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.place_name = text::name("place_name", &self.place_name)?;
        self.total_seats = text::in_range("total_seats", self.total_seats, 1, 10_000)?;
        self.yes_label = text::name("yes_label", &self.yes_label)?;
        self.no_label = text::name("no_label", &self.no_label)?;
        self.abstain_label = text::name("abstain_label", &self.abstain_label)?;
        if !self.majority.fraction.is_valid() {
            return Err(ValidationError::new(
                "majority.fraction",
                "must lie in (0, 1]",
            ));
        }
        if !self.quorum.is_valid() {
            return Err(ValidationError::new("quorum", "must lie in (0, 1]"));
        }
        self.lead_time_days = text::in_range("lead_time_days", self.lead_time_days, 0, 365)?;
        self.speech_limit_seconds = text::in_range(
            "speech_limit_seconds",
            self.speech_limit_seconds,
            10,
            4 * 3600,
        )?;
        Ok(self)
    }
}

/// Creating a council: a name, a place and a number of seats; every other
/// setting may be given or takes the Vietnamese default.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCouncil {
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: String,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub place_name: String,
    #[schema(minimum = 1, maximum = 10000)]
    pub total_seats: u32,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub yes_label: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub no_label: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub abstain_label: Option<String>,
    pub majority: Option<MajorityRule>,
    pub quorum: Option<Fraction>,
    pub below_quorum: Option<BelowQuorum>,
    #[schema(minimum = 0, maximum = 365)]
    pub lead_time_days: Option<u32>,
    pub speech_limit_seconds: Option<u32>,
    pub first_speakers_first: Option<bool>,
    pub long_term_signatures: Option<bool>,
}

impl NewCouncil {
    /// Validates and fills defaults: (name, settings).
    pub fn validated(self) -> Result<(String, CouncilSettings), ValidationError> {
        let name = text::name("name", &self.name)?;
        let mut s = CouncilSettings::defaults(self.place_name, self.total_seats);
        let patch = CouncilPatch {
            name: None,
            place_name: None,
            total_seats: None,
            yes_label: self.yes_label,
            no_label: self.no_label,
            abstain_label: self.abstain_label,
            majority: self.majority,
            quorum: self.quorum,
            below_quorum: self.below_quorum,
            lead_time_days: self.lead_time_days,
            speech_limit_seconds: self.speech_limit_seconds,
            first_speakers_first: self.first_speakers_first,
            long_term_signatures: self.long_term_signatures,
        };
        patch.apply_settings(&mut s);
        Ok((name, s.validated()?))
    }
}

/// A partial update of a council: absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CouncilPatch {
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub place_name: Option<String>,
    #[schema(minimum = 1, maximum = 10000)]
    pub total_seats: Option<u32>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub yes_label: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub no_label: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub abstain_label: Option<String>,
    pub majority: Option<MajorityRule>,
    pub quorum: Option<Fraction>,
    pub below_quorum: Option<BelowQuorum>,
    #[schema(minimum = 0, maximum = 365)]
    pub lead_time_days: Option<u32>,
    pub speech_limit_seconds: Option<u32>,
    pub first_speakers_first: Option<bool>,
    pub long_term_signatures: Option<bool>,
}

impl CouncilPatch {
    fn apply_settings(self, s: &mut CouncilSettings) {
        macro_rules! set {
            ($($f:ident),*) => { $(if let Some(v) = self.$f { s.$f = v; })* };
        }
        set!(
            place_name,
            total_seats,
            yes_label,
            no_label,
            abstain_label,
            majority,
            quorum,
            below_quorum,
            lead_time_days,
            speech_limit_seconds,
            first_speakers_first,
            long_term_signatures
        );
    }

    /// Applies the patch to a council and validates the result.
    pub fn apply(mut self, council: &Council) -> Result<Council, ValidationError> {
        let mut out = council.clone();
        if let Some(name) = self.name.take() {
            out.name = text::name("name", &name)?;
        }
        self.apply_settings(&mut out.settings);
        out.settings = out.settings.validated()?;
        Ok(out)
    }
}

/// A term of office (nhiệm kỳ), e.g. 2021–2026.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Term {
    pub id: i64,
    pub council_id: i64,
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTerm {
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: String,
    #[schema(minimum = 1945, maximum = 2200)]
    pub start_year: i32,
    #[schema(minimum = 1945, maximum = 2200)]
    pub end_year: i32,
}

impl NewTerm {
    pub fn validated(self) -> Result<Self, ValidationError> {
        let start_year = text::in_range("start_year", self.start_year, 1945, 2200)?;
        let end_year = text::in_range("end_year", self.end_year, start_year, 2200)?;
        Ok(Self {
            name: text::name("name", &self.name)?,
            start_year,
            end_year,
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermPatch {
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: Option<String>,
    #[schema(minimum = 1945, maximum = 2200)]
    pub start_year: Option<i32>,
    #[schema(minimum = 1945, maximum = 2200)]
    pub end_year: Option<i32>,
}

impl TermPatch {
    pub fn apply(self, term: &Term) -> Result<Term, ValidationError> {
        let new = NewTerm {
            name: self.name.unwrap_or_else(|| term.name.clone()),
            start_year: self.start_year.unwrap_or(term.start_year),
            end_year: self.end_year.unwrap_or(term.end_year),
        }
        .validated()?;
        Ok(Term {
            name: new.name,
            start_year: new.start_year,
            end_year: new.end_year,
            ..term.clone()
        })
    }
}
