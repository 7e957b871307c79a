//! Vietnamese number formatting for announced results.

/// `count / base` as a percentage with two decimals and a decimal comma,
/// rounded half up: 45 of 50 → "90,00%", 1 of 3 → "33,33%". A zero base
/// gives "0,00%".
pub fn percent(count: u64, base: u64) -> String {
    if base == 0 {
        return "0,00%".into();
    }
    // Hundredths of a percent, rounded half up, in integers.
    let hundredths = (u128::from(count) * 20_000 + u128::from(base)) / (2 * u128::from(base));
    format!("{},{:02}%", hundredths / 100, hundredths % 100)
}

/// Vietnam's wall-clock time of an instant (UTC+7, no daylight saving):
/// where councils sit, whatever the server's time zone.
pub fn vietnam_time(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    (at + chrono::Duration::hours(7)).naive_utc()
}

/// Vietnam's date of an instant.
pub fn vietnam_date(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    vietnam_time(at).date()
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn formats_like_the_announcements() {
        assert_eq!(percent(45, 50), "90,00%");
        assert_eq!(percent(48, 50), "96,00%");
        assert_eq!(percent(1, 3), "33,33%");
        assert_eq!(percent(2, 3), "66,67%");
        assert_eq!(percent(1, 8), "12,50%");
        assert_eq!(percent(50, 50), "100,00%");
        assert_eq!(percent(0, 50), "0,00%");
        assert_eq!(percent(1, 0), "0,00%");
    }
}
