//! The attendance report of one sitting (danh sách điểm danh phiên họp):
//! the counts against the seats and the quorum, then who was present (in
//! the chamber or online, and who left) and who was absent, with reasons.

use chrono::{DateTime, NaiveDate, Utc};

use super::heading::SessionHeading;
use super::pdf::{paper_pdf, Paper};
use super::{local_time, Block};
use kyhop_domain::date_line;

/// What the report says about one sitting.
#[derive(Debug, Clone)]
pub struct SittingReport {
    pub heading: SessionHeading,
    pub sitting_title: String,
    pub starts_at: DateTime<Utc>,
    pub begun_at: Option<DateTime<Utc>>,
    pub total_seats: u32,
    /// Delegates needed for the quorum.
    pub quorum_required: u32,
    /// Every delegate of the council, in the roster's order.
    pub lines: Vec<RollLine>,
}

/// One delegate's line.
#[derive(Debug, Clone, PartialEq)]
pub struct RollLine {
    pub full_name: String,
    /// The delegate group (tổ đại biểu), if any.
    pub group: String,
    pub status: RollStatus,
}

/// How a delegate attended the sitting.
#[derive(Debug, Clone, PartialEq)]
pub enum RollStatus {
    Chamber,
    Online,
    /// Checked in, then left at this time.
    Left(DateTime<Utc>),
    /// Marked absent, with the reason given (may be empty).
    Absent(String),
    /// Neither checked in nor marked absent.
    NotRecorded,
}

impl RollStatus {
    fn attended(&self) -> bool {
        matches!(
            self,
            RollStatus::Chamber | RollStatus::Online | RollStatus::Left(_)
        )
    }
}

fn count(r: &SittingReport, which: fn(&RollStatus) -> bool) -> usize {
    r.lines.iter().filter(|l| which(&l.status)).count()
}

fn named(line: &RollLine) -> String {
    if line.group.is_empty() {
        line.full_name.clone()
    } else {
        format!("{} ({})", line.full_name, line.group)
    }
}

/// The report's text, block by block.
pub fn sitting_report_outline(r: &SittingReport) -> Vec<Block> {
    use Block::*;
    let attended = count(r, RollStatus::attended);
    let chamber = count(r, |s| *s == RollStatus::Chamber);
    let online = count(r, |s| *s == RollStatus::Online);
    let left = count(r, |s| matches!(s, RollStatus::Left(_)));
    let excused = count(
        r,
        |s| matches!(s, RollStatus::Absent(reason) if !reason.is_empty()),
    );
    let absent = r.lines.len() - attended;
    let begun = r.begun_at.map_or_else(
        || format!("dự kiến bắt đầu lúc {}", local_time(r.starts_at)),
        |at| format!("bắt đầu lúc {}", local_time(at)),
    );
    let quorum = if attended >= r.quorum_required as usize {
        "đủ"
    } else {
        "không đủ"
    };
    let mut out = vec![
        Title("DANH SÁCH ĐIỂM DANH ĐẠI BIỂU".into()),
        Subtitle(format!("{} – {}", r.sitting_title, r.heading.session_name())),
        Text(format!("Phiên họp {begun}, tại {}.", r.heading.place)),
        Text(format!(
            "Tổng số đại biểu: {}; có mặt: {attended} (tại hội trường: {chamber}; trực tuyến: {online}; \
             rời phiên họp: {left}); vắng mặt: {absent} (có lý do: {excused}).",
            r.total_seats
        )),
        Text(format!(
            "Số đại biểu có mặt {quorum} số lượng cần thiết để tiến hành phiên họp (ít nhất {} trên {} đại biểu).",
            r.quorum_required, r.total_seats
        )),
        Heading("I. ĐẠI BIỂU CÓ MẶT".into()),
    ];
    let present = r.lines.iter().filter(|l| l.status.attended());
    out.extend(present.enumerate().map(|(i, l)| {
        let how = match &l.status {
            RollStatus::Online => "trực tuyến".to_owned(),
            RollStatus::Left(at) => format!("rời phiên họp lúc {}", local_time(*at)),
            _ => "tại hội trường".to_owned(),
        };
        Line(format!("{}. {}: {how}", i + 1, named(l)))
    }));
    out.push(Heading("II. ĐẠI BIỂU VẮNG MẶT".into()));
    let missing = r.lines.iter().filter(|l| !l.status.attended());
    out.extend(missing.enumerate().map(|(i, l)| {
        let why = match &l.status {
            RollStatus::Absent(reason) if !reason.is_empty() => format!("có lý do ({reason})"),
            RollStatus::Absent(_) => "không nêu lý do".to_owned(),
            _ => "không điểm danh".to_owned(),
        };
        Line(format!("{}. {}: {why}", i + 1, named(l)))
    }));
    out
}

/// The report as a PDF, dated `date`, for the session's secretary to sign.
pub fn sitting_report_pdf(r: &SittingReport, date: NaiveDate) -> Vec<u8> {
    paper_pdf(&Paper {
        pdf_title: "Danh sách điểm danh phiên họp".into(),
        issuer: r.heading.council_name.clone(),
        number_line: String::new(),
        date_line: date_line(&r.heading.place_name, date),
        blocks: sitting_report_outline(r),
        sign_lines: vec!["THƯ KÝ KỲ HỌP".into()],
        signer_name: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::heading::tests::heading;
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn line(name: &str, group: &str, status: RollStatus) -> RollLine {
        RollLine {
            full_name: name.into(),
            group: group.into(),
            status,
        }
    }

    #[test]
    fn the_report_counts_against_the_quorum_and_lists_everyone() {
        let report = SittingReport {
            heading: heading(),
            sitting_title: "Phiên khai mạc".into(),
            starts_at: at("2026-12-08T01:30:00Z"),
            begun_at: Some(at("2026-12-08T01:34:00Z")),
            total_seats: 5,
            quorum_required: 3,
            lines: vec![
                line("Lê Văn An", "Tổ 1", RollStatus::Chamber),
                line("Trần Thị Bình", "", RollStatus::Online),
                line(
                    "Phạm Văn Cường",
                    "Tổ 2",
                    RollStatus::Left(at("2026-12-08T03:05:00Z")),
                ),
                line(
                    "Hoàng Thị Dung",
                    "Tổ 2",
                    RollStatus::Absent("đi công tác".into()),
                ),
                line("Vũ Văn Em", "Tổ 1", RollStatus::NotRecorded),
            ],
        };
        let blocks = sitting_report_outline(&report);
        assert!(blocks.contains(&Block::Text(
            "Phiên họp bắt đầu lúc 08:34 ngày 08/12/2026, tại Hội trường UBND xã.".into()
        )));
        assert!(blocks.contains(&Block::Text(
            "Tổng số đại biểu: 5; có mặt: 3 (tại hội trường: 1; trực tuyến: 1; rời phiên họp: 1); \
             vắng mặt: 2 (có lý do: 1)."
                .into()
        )));
        assert!(blocks
            .iter()
            .any(|b| matches!(b, Block::Text(t) if t.starts_with("Số đại biểu có mặt đủ"))));
        for expected in [
            "1. Lê Văn An (Tổ 1): tại hội trường",
            "2. Trần Thị Bình: trực tuyến",
            "3. Phạm Văn Cường (Tổ 2): rời phiên họp lúc 10:05 ngày 08/12/2026",
            "1. Hoàng Thị Dung (Tổ 2): có lý do (đi công tác)",
            "2. Vũ Văn Em (Tổ 1): không điểm danh",
        ] {
            assert!(blocks.contains(&Block::Line(expected.into())), "{expected}");
        }
        // One fewer present and the quorum is not reached.
        let mut short = report.clone();
        short.lines[0].status = RollStatus::NotRecorded;
        assert!(sitting_report_outline(&short)
            .iter()
            .any(|b| matches!(b, Block::Text(t) if t.starts_with("Số đại biểu có mặt không đủ"))));
        assert!(
            sitting_report_pdf(&report, NaiveDate::from_ymd_opt(2026, 12, 8).unwrap())
                .starts_with(b"%PDF")
        );
    }
}
