//! The minutes as a sequence of blocks, written once and rendered twice
//! (PDF and DOCX), so both say exactly the same.

use super::{
    attendance_sentence, duration_vi, local_time, speech_kind_vi, Minutes, Presence, SpeakerLine,
};
use kyhop_domain::{PollKind, PollState, SpeechKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Centred, bold, capitals.
    Title(String),
    /// Centred, bold.
    Subtitle(String),
    /// "I. THÀNH PHẦN THAM DỰ": bold.
    Heading(String),
    /// Bold, e.g. an agenda item.
    Item(String),
    /// A justified paragraph with a first-line indent.
    Text(String),
    /// A line of a list: no indent.
    Line(String),
}

pub fn outline(m: &Minutes) -> Vec<Block> {
    use Block::*;
    let mut out = vec![
        Title("BIÊN BẢN KỲ HỌP".into()),
        Subtitle(format!(
            "Kỳ họp thứ {} – {} ({})",
            m.session_number, m.session_title, m.term_name
        )),
        Text(when_and_where(m)),
        Heading("I. THÀNH PHẦN THAM DỰ".into()),
        Text(format!(
            "Tổng số đại biểu: {}; có mặt tại hội trường: {}; tham dự trực tuyến: {}; vắng mặt: {}.",
            m.total_seats,
            m.count(Presence::Chamber),
            m.count(Presence::Online),
            m.count(Presence::Absent)
        )),
    ];
    out.extend(
        m.attendance
            .iter()
            .enumerate()
            .map(|(i, a)| Line(format!("{}. {}", i + 1, attendance_sentence(a)))),
    );
    if !m.sign_in_events.is_empty() {
        out.push(Text(
            "Thẻ ghép nối, đăng nhập và điểm danh do người khác thực hiện:".into(),
        ));
        out.extend(m.sign_in_events.iter().map(|e| Line(format!("- {e}"))));
    }
    out.push(Heading("II. NỘI DUNG VÀ DIỄN BIẾN KỲ HỌP".into()));
    for item in &m.items {
        out.push(Item(format!("{}. {}", item.label, item.title)));
        if !item.presenter.is_empty() {
            out.push(Text(format!("Trình bày: {}.", item.presenter)));
        }
        match (item.started_at, item.ended_at) {
            (Some(a), Some(b)) => out.push(Text(format!(
                "Bắt đầu lúc {}, kết thúc lúc {}.",
                local_time(a),
                local_time(b)
            ))),
            (Some(a), None) => out.push(Text(format!("Bắt đầu lúc {}.", local_time(a)))),
            _ => out.push(Text("Nội dung này chưa được tiến hành.".into())),
        }
        out.extend(
            item.narrative
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| Text(l.trim().to_owned())),
        );
        if !item.speakers.is_empty() {
            out.push(Text("Các ý kiến phát biểu:".into()));
            out.extend(item.speakers.iter().map(|s| Line(speaker_line(s))));
        }
        for poll in &item.polls {
            let how = match poll.kind {
                PollKind::Named => "biểu quyết công khai",
                PollKind::Secret => "bỏ phiếu kín",
                PollKind::Confidence => "lấy phiếu tín nhiệm",
                PollKind::Election => "bầu cử",
            };
            let outcome = match (&poll.state, &poll.result) {
                (PollState::Annulled, _) => format!(
                    "Cuộc biểu quyết bị hủy{}.",
                    poll.annul_reason
                        .as_deref()
                        .map(|r| format!(" (lý do: {r})"))
                        .unwrap_or_default()
                ),
                (_, Some(result)) => {
                    // A poll of the council's own options names its choice in the summary.
                    let passed = match result.passed {
                        _ if poll.has_alternatives() => "",
                        Some(true) => " Kết quả: thông qua.",
                        Some(false) => " Kết quả: không thông qua.",
                        None => "",
                    };
                    format!("{}{passed}", result.summary)
                }
                _ => String::new(),
            };
            out.push(Text(format!("{} ({how}): {outcome}", poll.title)));
            // A named poll's choices are public by law: the minutes list
            // who chose what, option by option.
            if let Some(result) = &poll.result {
                out.extend(named_lines(result).into_iter().map(Line));
            }
        }
        for (number, subject) in &item.resolutions {
            out.push(Text(format!("Thông qua Nghị quyết số {number} {subject}.")));
        }
    }
    out.push(Text(
        "Biên bản được lập từ nhật ký kỳ họp của hệ thống KyHop và được thư ký kỳ họp hoàn chỉnh."
            .into(),
    ));
    if !m.chain_anchors.is_empty() {
        out.push(Text(ANCHOR_INTRO.into()));
        out.extend(m.chain_anchors.iter().map(|a| Line(a.clone())));
    }
    out
}

/// Before the anchors, in the minutes and the ballot-count report.
pub const ANCHOR_INTRO: &str =
    "Neo chuỗi nhật ký tại thời điểm lập văn bản (kiểm tra bằng lệnh kyhop audit verify --anchor):";

/// Where the session was held and when: the times the chair actually
/// opened and closed it; the planned dates only until it opened.
fn when_and_where(m: &Minutes) -> String {
    match (m.opened_at, m.closed_at) {
        (Some(opened), Some(closed)) => format!(
            "Kỳ họp được tổ chức tại {}, khai mạc lúc {} và bế mạc lúc {}.",
            m.place,
            local_time(opened),
            local_time(closed)
        ),
        (Some(opened), None) => format!(
            "Kỳ họp được tổ chức tại {}, khai mạc lúc {}; đến khi lập biên bản này kỳ họp chưa bế mạc.",
            m.place,
            local_time(opened)
        ),
        _ => format!(
            "Kỳ họp dự kiến tổ chức tại {}, từ ngày {} đến ngày {}; chưa khai mạc.",
            m.place,
            m.planned_start.format("%d/%m/%Y"),
            m.planned_end.format("%d/%m/%Y")
        ),
    }
}

/// "- Tán thành (3): Lê Văn An, Trần Thị Bình, …" for each option of a
/// named poll that someone chose, in the options' order.
fn named_lines(result: &kyhop_domain::PollResult) -> Vec<String> {
    result
        .options
        .iter()
        .filter_map(|option| {
            let names: Vec<&str> = result
                .named
                .iter()
                .filter(|n| n.label == option.label && n.option == option.kind)
                .map(|n| n.full_name.as_str())
                .collect();
            (!names.is_empty())
                .then(|| format!("- {} ({}): {}", option.label, names.len(), names.join(", ")))
        })
        .collect()
}

/// One speech as minuted: "- Lê Văn An (thảo luận): 3 phút"; a question
/// names whom it asked, and a question or reply says when it ended, so
/// that each question reads with the reply after it.
fn speaker_line(s: &SpeakerLine) -> String {
    let kind = match (&s.kind, &s.addressed_to) {
        (SpeechKind::Question, Some(whom)) => format!("chất vấn {whom}"),
        (kind, _) => speech_kind_vi(*kind).to_owned(),
    };
    let at = match (s.kind, s.ended_at) {
        (SpeechKind::Question | SpeechKind::Reply, Some(at)) => {
            format!(", kết thúc lúc {}", local_time(at))
        }
        _ => String::new(),
    };
    format!("- {} ({kind}): {}{at}", s.full_name, duration_vi(s.seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn minutes(opened: Option<&str>, closed: Option<&str>) -> Minutes {
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        Minutes {
            session_id: 1,
            council_name: "Hội đồng nhân dân xã Thuận Thành".into(),
            place_name: "Thuận Thành".into(),
            term_name: "2026-2031".into(),
            session_number: 12,
            session_title: "Kỳ họp thường lệ cuối năm".into(),
            place: "Hội trường UBND xã".into(),
            planned_start: chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            planned_end: chrono::NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(),
            opened_at: opened.map(at),
            closed_at: closed.map(at),
            total_seats: 25,
            attendance: Vec::new(),
            sign_in_events: Vec::new(),
            items: Vec::new(),
            chain_anchors: Vec::new(),
        }
    }

    #[test]
    fn the_minutes_say_when_the_session_actually_opened_and_closed() {
        assert_eq!(
            when_and_where(&minutes(
                Some("2026-12-08T01:05:00Z"),
                Some("2026-12-09T09:30:00Z")
            )),
            "Kỳ họp được tổ chức tại Hội trường UBND xã, khai mạc lúc 08:05 ngày 08/12/2026 \
             và bế mạc lúc 16:30 ngày 09/12/2026."
        );
        assert!(
            when_and_where(&minutes(Some("2026-12-08T01:05:00Z"), None)).ends_with(
                "khai mạc lúc 08:05 ngày 08/12/2026; đến khi lập biên bản này kỳ họp chưa bế mạc."
            )
        );
        assert_eq!(
            when_and_where(&minutes(None, None)),
            "Kỳ họp dự kiến tổ chức tại Hội trường UBND xã, từ ngày 08/12/2026 đến ngày \
             09/12/2026; chưa khai mạc."
        );
    }

    #[test]
    fn a_question_names_whom_it_asked_and_when_it_ended() {
        let ended = chrono::Utc.with_ymd_and_hms(2026, 12, 8, 2, 19, 0).unwrap();
        let question = SpeakerLine {
            full_name: "Lê Văn An".into(),
            kind: SpeechKind::Question,
            seconds: 125,
            addressed_to: Some("Trịnh Văn Lộc, Chủ tịch UBND".into()),
            ended_at: Some(ended),
        };
        assert_eq!(
            speaker_line(&question),
            "- Lê Văn An (chất vấn Trịnh Văn Lộc, Chủ tịch UBND): 2 phút 05 giây, \
             kết thúc lúc 09:19 ngày 08/12/2026"
        );
        let reply = SpeakerLine {
            full_name: "Trịnh Văn Lộc".into(),
            kind: SpeechKind::Reply,
            addressed_to: None,
            ..question.clone()
        };
        assert_eq!(
            speaker_line(&reply),
            "- Trịnh Văn Lộc (trả lời, giải trình): 2 phút 05 giây, kết thúc lúc 09:19 ngày 08/12/2026"
        );
        let debate = SpeakerLine {
            kind: SpeechKind::Debate,
            addressed_to: None,
            ..question
        };
        assert_eq!(
            speaker_line(&debate),
            "- Lê Văn An (thảo luận): 2 phút 05 giây"
        );
    }
}
