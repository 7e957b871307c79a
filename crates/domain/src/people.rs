use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text::{self, ValidationError};
use super::text_enum;

text_enum! {
    /// Who a person is to the council.
    PersonKind {
        /// Đại biểu: holds a seat and votes.
        Delegate => "delegate",
        /// An official who reports, answers questions and may be rated in a
        /// confidence vote; never votes.
        Official => "official",
        /// Khách mời.
        Guest => "guest",
    }
}

/// A delegate group (tổ đại biểu), usually by constituency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DelegateGroup {
    pub id: i64,
    pub council_id: i64,
    pub name: String,
}

/// A committee (Ban) of the council.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Committee {
    pub id: i64,
    pub council_id: i64,
    pub name: String,
}

/// Creating something that is only a name (a delegate group, a committee).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNamed {
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: String,
}

impl NewNamed {
    pub fn validated(self) -> Result<String, ValidationError> {
        text::name("name", &self.name)
    }
}

/// Renaming something that is only a name.
pub type NamePatch = NewNamed;

/// A delegate, official or guest of the council.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Person {
    pub id: i64,
    pub council_id: i64,
    pub kind: PersonKind,
    pub full_name: String,
    /// Position, e.g. "Phó Chủ tịch UBND thành phố".
    pub position_title: String,
    pub organization: String,
    #[schema(required = true)]
    pub delegate_group_id: Option<i64>,
    pub committee_ids: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    pub kind: PersonKind,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub full_name: String,
    #[serde(default)]
    #[schema(max_length = 300, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub position_title: String,
    #[serde(default)]
    #[schema(max_length = 300, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub organization: String,
    pub delegate_group_id: Option<i64>,
    #[serde(default)]
    pub committee_ids: Vec<i64>,
}

impl NewPerson {
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.full_name = text::name("full_name", &self.full_name)?;
        self.position_title = text::line("position_title", &self.position_title, text::MAX_NAME)?;
        self.organization = text::line("organization", &self.organization, text::MAX_NAME)?;
        if self.kind != PersonKind::Delegate && self.delegate_group_id.is_some() {
            return Err(ValidationError::new(
                "delegate_group_id",
                "only delegates belong to a delegate group",
            ));
        }
        self.committee_ids.sort_unstable();
        self.committee_ids.dedup();
        if self.committee_ids.len() > 50 {
            return Err(ValidationError::new(
                "committee_ids",
                "at most 50 committees",
            ));
        }
        Ok(self)
    }
}

/// A partial update of a person. `delegate_group_id: null` removes the group.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    pub kind: Option<PersonKind>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub full_name: Option<String>,
    #[schema(max_length = 300, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub position_title: Option<String>,
    #[schema(max_length = 300, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub organization: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub delegate_group_id: Option<Option<i64>>,
    pub committee_ids: Option<Vec<i64>>,
}

impl PersonPatch {
    pub fn apply(self, p: &Person) -> Result<NewPerson, ValidationError> {
        NewPerson {
            kind: self.kind.unwrap_or(p.kind),
            full_name: self.full_name.unwrap_or_else(|| p.full_name.clone()),
            position_title: self
                .position_title
                .unwrap_or_else(|| p.position_title.clone()),
            organization: self.organization.unwrap_or_else(|| p.organization.clone()),
            delegate_group_id: self.delegate_group_id.unwrap_or(p.delegate_group_id),
            committee_ids: self
                .committee_ids
                .unwrap_or_else(|| p.committee_ids.clone()),
        }
        .validated()
    }
}

/// One person of an imported list: groups and committees by name, made
/// when the council has none of that name.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportPerson {
    pub kind: PersonKind,
    #[schema(min_length = 1, max_length = 300)]
    pub full_name: String,
    #[serde(default)]
    #[schema(max_length = 300)]
    pub position_title: String,
    #[serde(default)]
    #[schema(max_length = 300)]
    pub organization: String,
    #[schema(max_length = 300)]
    pub delegate_group: Option<String>,
    #[serde(default)]
    pub committees: Vec<String>,
}

/// A list of people to add at once (a delegate list from a spreadsheet).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeopleImport {
    #[schema(min_items = 1, max_items = 2000)]
    pub people: Vec<ImportPerson>,
}

/// Most people in one import: a province's council has fewer than 100
/// delegates; a list this long is a mistake.
pub const MAX_IMPORT: usize = 2000;

impl PeopleImport {
    /// Each row checked as a new person is, names tidied; a refusal says
    /// which row (from 0).
    pub fn validated(mut self) -> Result<Self, (usize, ValidationError)> {
        if self.people.is_empty() || self.people.len() > MAX_IMPORT {
            return Err((
                0,
                ValidationError::new("people", format!("between 1 and {MAX_IMPORT} people")),
            ));
        }
        for (row, p) in self.people.iter_mut().enumerate() {
            let check = |p: &mut ImportPerson| -> Result<(), ValidationError> {
                p.full_name = text::name("full_name", &p.full_name)?;
                p.position_title = text::line("position_title", &p.position_title, text::MAX_NAME)?;
                p.organization = text::line("organization", &p.organization, text::MAX_NAME)?;
                p.delegate_group = match p.delegate_group.take() {
                    Some(g) if !g.trim().is_empty() => Some(text::name("delegate_group", &g)?),
                    _ => None,
                };
                if p.kind != PersonKind::Delegate && p.delegate_group.is_some() {
                    return Err(ValidationError::new(
                        "delegate_group",
                        "only delegates belong to a delegate group",
                    ));
                }
                let mut committees = Vec::new();
                for c in &p.committees {
                    let c = text::name("committees", c)?;
                    if !committees
                        .iter()
                        .any(|k: &String| text::name_key(k) == text::name_key(&c))
                    {
                        committees.push(c);
                    }
                }
                p.committees = committees;
                Ok(())
            };
            check(p).map_err(|e| (row, e))?;
        }
        Ok(self)
    }
}

/// A council lists no more delegates than it has seats: an import or a
/// seat count that would break this is refused, nothing saved.
pub fn check_seats(delegates: u64, total_seats: u32) -> Result<(), crate::Refusal> {
    if delegates <= u64::from(total_seats) {
        Ok(())
    } else {
        Err(crate::Refusal::refused(
            "more_delegates_than_seats",
            format!("the council has {total_seats} seats and would list {delegates} delegates"),
        ))
    }
}

#[cfg(test)]
mod seat_tests {
    use super::check_seats;

    #[test]
    fn delegates_fit_the_seats() {
        assert_eq!(check_seats(25, 25), Ok(()));
        assert_eq!(check_seats(0, 25), Ok(()));
        assert!(matches!(
            check_seats(26, 25),
            Err(crate::Refusal::Refused {
                code: "more_delegates_than_seats",
                ..
            })
        ));
    }
}

/// Distinguishes an absent field (no change) from an explicit `null` (clear).
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        T: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Option::<T>::deserialize(d).map(Some)
    }
}
