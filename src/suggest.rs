//! "Did you mean": the known names closest to what a writer typed — an id
//! with a typo (`f-tryghet`), an id with its words in another order
//! (`f-otrygg-gangtunneln` for `f-gangtunneln-otrygg`), a misspelt field
//! (`titel` for `title`). A leaf below `error`, so every phase can use it.

/// The one known name closest to `typed`, if one is close enough to be
/// offered as "did you mean".
pub fn closest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    nearest(typed, known, 1).into_iter().next()
}

/// Up to `max` known names close to `typed`, closest first: by edit
/// distance, and by words in any order (the parts between `-` and `_`).
/// Names that are not close, or much farther than the closest, are left
/// out.
pub fn nearest<'a>(
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let typed_lower = typed.to_lowercase();
    let mut scored: Vec<(usize, &'a str)> = known
        .into_iter()
        .filter(|k| *k != typed)
        .filter_map(|k| score(&typed_lower, k).map(|s| (s, k)))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    // A clear winner is offered alone: only names about as close as the
    // closest one are listed beside it.
    let best = scored.first().map_or(0, |(s, _)| *s);
    scored
        .into_iter()
        .take_while(|(s, _)| *s <= best + 10)
        .take(max)
        .map(|(_, k)| k)
        .collect()
}

/// How far `known` is from `typed` (lower is closer), or `None` when it
/// is not close enough to suggest.
fn score(typed: &str, known: &str) -> Option<usize> {
    let k = known.to_lowercase();
    let d = edit_distance(typed, &k);
    let limit = 2.max(k.chars().count() / 4);
    if d <= limit {
        return Some(d * 10);
    }
    // The same words in another order, or most of the words: score by
    // how many words differ, after the close spellings.
    let tw = words(typed);
    let kw = words(&k);
    if tw.len() < 2 && kw.len() < 2 {
        return None;
    }
    let matched = tw
        .iter()
        .filter(|w| kw.iter().any(|v| word_match(w, v)))
        .count();
    let missing = tw.len() - matched + kw.len().saturating_sub(matched);
    let meaningful = tw.iter().filter(|w| w.chars().count() > 2).count();
    // At least two words in common (or all of a short name), and no more
    // than one word told apart.
    if matched >= 2.min(meaningful.max(1)) && missing <= 1 && matched * 2 >= tw.len() {
        Some(30 + missing * 10)
    } else {
        None
    }
}

fn words(s: &str) -> Vec<&str> {
    s.split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .collect()
}

/// Two words are the same word, allowing one typo in a longer word.
fn word_match(a: &str, b: &str) -> bool {
    a == b || (a.chars().count() > 4 && edit_distance(a, b) <= 1)
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_found() {
        assert_eq!(
            closest("f-tryghet", ["f-trygghet", "f-halsa"]),
            Some("f-trygghet")
        );
        assert_eq!(
            closest("titel", ["title", "summary", "order"]),
            Some("title")
        );
        assert_eq!(closest("xyz", ["f-trygghet"]), None);
    }

    #[test]
    fn words_in_another_order_are_found() {
        let known = [
            "f-gangtunneln-otrygg",
            "f-otrygghet-kvall",
            "f-vardcentral-svar-att-na",
        ];
        assert_eq!(
            closest("f-otrygg-gangtunneln", known),
            Some("f-gangtunneln-otrygg")
        );
        assert_eq!(
            closest("f-gangtunnel-otrygg", known),
            Some("f-gangtunneln-otrygg")
        );
        // Sharing only the prefix is not close.
        assert_eq!(closest("f-skola", known), None);
    }

    #[test]
    fn nearest_lists_the_closest_first() {
        let known = ["a-vardcentralen", "a-vardcentral-syd", "a-polisen"];
        // One typo away beats four.
        assert_eq!(nearest("a-vardcentrale", known, 3), vec!["a-vardcentralen"]);
        // Two equally close names are both offered.
        let known = ["pr-trygghet-torget", "pr-trygghet-tunneln", "pr-halsa"];
        assert_eq!(
            nearest("pr-trygghet", known, 3),
            vec!["pr-trygghet-torget", "pr-trygghet-tunneln"]
        );
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("åäö", "aäö"), 1);
    }
}
