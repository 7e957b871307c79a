//! What every paper of a session says about it (the agenda, the convening
//! notice, invitations, attendance reports).

use chrono::{DateTime, NaiveDate, Utc};

use super::local_time;

/// The session as its papers name it.
#[derive(Debug, Clone)]
pub struct SessionHeading {
    pub council_name: String,
    pub place_name: String,
    pub term_name: String,
    pub session_number: u32,
    pub session_title: String,
    pub place: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    /// (title, start) of each sitting, in order.
    pub sittings: Vec<(String, DateTime<Utc>)>,
}

impl SessionHeading {
    /// "Kỳ họp thứ 12 – Kỳ họp thường lệ cuối năm 2026 (Khóa XIII)".
    pub fn session_name(&self) -> String {
        format!(
            "Kỳ họp thứ {} – {} ({})",
            self.session_number, self.session_title, self.term_name
        )
    }

    /// "khai mạc lúc 08:00 ngày 08/12/2026, họp từ ngày 08/12/2026 đến
    /// ngày 09/12/2026" (the opening hour only when a sitting is set).
    pub fn when(&self) -> String {
        let days = if self.planned_start == self.planned_end {
            format!("họp trong ngày {}", self.planned_start.format("%d/%m/%Y"))
        } else {
            format!(
                "họp từ ngày {} đến ngày {}",
                self.planned_start.format("%d/%m/%Y"),
                self.planned_end.format("%d/%m/%Y")
            )
        };
        match self.sittings.first() {
            Some((_, at)) => format!("khai mạc lúc {}, {days}", local_time(*at)),
            None => days,
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A commune council's session with one sitting, for the papers' tests.
    pub fn heading() -> SessionHeading {
        SessionHeading {
            council_name: "Hội đồng nhân dân xã Thuận Thành".into(),
            place_name: "Thuận Thành".into(),
            term_name: "Khóa XIII".into(),
            session_number: 12,
            session_title: "Kỳ họp thường lệ cuối năm 2026".into(),
            place: "Hội trường UBND xã".into(),
            planned_start: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            planned_end: NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(),
            sittings: vec![(
                "Phiên khai mạc".into(),
                DateTime::parse_from_rfc3339("2026-12-08T01:30:00Z")
                    .unwrap()
                    .to_utc(),
            )],
        }
    }

    #[test]
    fn when_names_the_opening_and_the_days() {
        let mut h = heading();
        assert_eq!(
            h.when(),
            "khai mạc lúc 08:30 ngày 08/12/2026, họp từ ngày 08/12/2026 đến ngày 09/12/2026"
        );
        h.sittings.clear();
        h.planned_end = h.planned_start;
        assert_eq!(h.when(), "họp trong ngày 08/12/2026");
        assert_eq!(
            h.session_name(),
            "Kỳ họp thứ 12 – Kỳ họp thường lệ cuối năm 2026 (Khóa XIII)"
        );
    }
}
