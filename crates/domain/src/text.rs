//! Normalising and checking text that comes from users.
//!
//! All stored text is NFC so that "Nghị quyết" typed on a Mac (decomposed)
//! and on Windows (composed) compare, sort and search alike.

use unicode_normalization::UnicodeNormalization;

/// Longest name (council, person, agenda item title …), in characters.
pub const MAX_NAME: usize = 300;
/// Longest free text field, in characters.
pub const MAX_TEXT: usize = 5_000;

/// A field of a request that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    pub field: &'static str,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// Trims, NFC-normalises and checks a required single-line name.
pub fn name(field: &'static str, value: &str) -> Result<String, ValidationError> {
    let v = line(field, value, MAX_NAME)?;
    if v.is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    Ok(v)
}

/// How two names of a roster (delegate groups, committees) compare: a
/// secretary who types "tổ  1" has typed "Tổ 1" again — case and runs of
/// spaces aside, in NFC.
pub fn name_key(name: &str) -> String {
    name.nfc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Trims, NFC-normalises and checks an optional single-line text (may be empty).
pub fn line(field: &'static str, value: &str, max: usize) -> Result<String, ValidationError> {
    let v: String = value.trim().nfc().collect();
    if v.chars().count() > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(ValidationError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(v)
}

/// Trims, NFC-normalises and checks free text that may span lines.
pub fn multiline(field: &'static str, value: &str, max: usize) -> Result<String, ValidationError> {
    let v: String = value.trim().nfc().collect();
    if v.chars().count() > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(ValidationError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(v)
}

/// Checks that a number lies in `min..=max`.
pub fn in_range<T: PartialOrd + std::fmt::Display>(
    field: &'static str,
    value: T,
    min: T,
    max: T,
) -> Result<T, ValidationError> {
    if value < min || value > max {
        return Err(ValidationError::new(
            field,
            format!("must be between {min} and {max}"),
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_names_compare_without_case_or_extra_spaces() {
        assert_eq!(name_key("Tổ  đại biểu SỐ 1"), name_key("tổ đại biểu số 1"));
        // Decomposed and composed Vietnamese are the same name.
        assert_eq!(
            name_key("Ban Pha\u{301}p che\u{302}\u{301}"),
            name_key("ban pháp chế")
        );
        assert_ne!(name_key("Tổ 1"), name_key("Tổ 11"));
    }

    #[test]
    fn decomposed_input_is_stored_composed() {
        let decomposed = "Nghi\u{0323} quyê\u{0301}t";
        assert_eq!(name("title", decomposed).unwrap(), "Nghị quyết");
    }

    #[test]
    fn rejects_empty_long_and_control() {
        assert!(name("n", "   ").is_err());
        assert!(name("n", &"a".repeat(MAX_NAME + 1)).is_err());
        assert!(name("n", &"ê".repeat(MAX_NAME)).is_ok());
        assert!(name("n", "a\u{0}b").is_err());
    }
}
