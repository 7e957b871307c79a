//! Vietnamese-looking text for the benchmarks: the common words of council
//! business, then syllable pairs, drawn by Zipf's law like words of real
//! text. Deterministic, so every run works on the same text.

use unicode_normalization::UnicodeNormalization;

const WORDS: &[&str] = &[
    "ngân sách",
    "dự toán",
    "nghị quyết",
    "tờ trình",
    "báo cáo",
    "thẩm tra",
    "hội đồng",
    "nhân dân",
    "thành phố",
    "đầu tư",
    "công trình",
    "giáo dục",
    "y tế",
    "giao thông",
    "nông thôn",
    "phát triển",
    "kinh tế",
    "xã hội",
    "quyết định",
    "phê duyệt",
    "kế hoạch",
    "thu",
    "chi",
    "năm",
    "tăng",
    "giảm",
    "đề nghị",
    "xem xét",
    "đại biểu",
    "chất vấn",
    "trả lời",
    "trách nhiệm",
    "cơ quan",
    "ủy ban",
    "sở",
    "tài chính",
    "xây dựng",
    "đất đai",
    "môi trường",
    "người cao tuổi",
    "hỗ trợ",
    "chính sách",
    "an sinh",
    "văn hóa",
    "thể thao",
    "du lịch",
    "quy hoạch",
    "đô thị",
    "cải cách",
    "hành chính",
    "thủ tục",
    "doanh nghiệp",
    "việc làm",
    "lao động",
    "thu nhập",
    "bình quân",
    "chỉ tiêu",
];

/// Vocabulary: the council words first (most frequent), then Vietnamese-looking
/// syllable pairs, drawn by Zipf's law like words of real text: a few words
/// on nearly every page, most words on few.
pub fn vocabulary() -> Vec<String> {
    const INITIALS: &[&str] = &[
        "b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t",
        "th", "tr", "v", "x",
    ];
    const RHYMES: &[&str] = &[
        "a", "ai", "an", "ang", "anh", "ao", "âm", "ân", "ât", "em", "ên", "iêu", "inh", "o", "oa",
        "ôi", "ông", "ơi", "u", "ung", "ương", "ưu",
    ];
    const TONES: &[&str] = &["", "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"];
    let mut syllables = Vec::new();
    for i in INITIALS {
        for r in RHYMES {
            for t in TONES {
                // The tone mark goes on the first vowel; NFC composes it.
                let mut rhyme: Vec<char> = r.chars().collect();
                rhyme.splice(1..1, t.chars());
                let s: String = format!("{i}{}", rhyme.into_iter().collect::<String>())
                    .nfc()
                    .collect();
                syllables.push(s);
            }
        }
    }
    let mut words: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
    let mut rng = Lcg(7);
    for _ in 0..6_000 {
        let a = &syllables[rng.next(syllables.len())];
        let b = &syllables[rng.next(syllables.len())];
        words.push(format!("{a} {b}"));
    }
    words
}

/// Cumulative Zipf weights for drawing word ranks.
pub fn zipf(n: usize) -> Vec<f64> {
    let mut acc = 0.0;
    (1..=n)
        .map(|r| {
            acc += 1.0 / r as f64;
            acc
        })
        .collect()
}

/// A small deterministic generator, so every run indexes the same text.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }

    /// A rank drawn from cumulative weights.
    pub fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative.last().copied().unwrap_or(1.0);
        let x = self.next(1 << 30) as f64 / (1u64 << 30) as f64 * total;
        cumulative
            .partition_point(|&c| c < x)
            .min(cumulative.len() - 1)
    }
}

pub fn strip_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// `words` words drawn by Zipf's law.
pub fn text(rng: &mut Lcg, vocabulary: &[String], weights: &[f64], words: usize) -> String {
    (0..words)
        .map(|_| vocabulary[rng.weighted(weights)].as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
