//! The 404 page when a server shows it for a missing page in a sub-folder
//! (`/en/x/y.html` answered with `404.html`): its relative links cannot
//! know how deep they are. So the page carries its stylesheet inline (it
//! looks right at any depth, with or without JavaScript), loads no other
//! script, and a small inline script finds the site's root from the
//! address — the path of `[build] base_url` when the page is served under
//! it, else the first folder of the address that is a folder of the site
//! (`en`, `kartlaggning`, `data`) — and puts it before every relative link
//! and image. The site stays relocatable: nothing names a host, and where
//! the root cannot be found the links stay as written (right for a missing
//! page at the top level).

use std::collections::BTreeSet;

use crate::render::markdown::LinkTargets;
use crate::theme::compile::Theme;

/// The top-level folders of the site, for the 404 page's script.
pub fn site_folders(targets: &LinkTargets, lang_prefixes: &[String]) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    let urls = targets
        .pages
        .values()
        .chain(targets.assets.iter())
        .chain(targets.generated.iter());
    for u in urls {
        if let Some((first, _)) = u.split_once('/')
            && !first.is_empty()
        {
            out.insert(first.to_string());
        }
    }
    for p in lang_prefixes {
        let p = p.trim_end_matches('/');
        if !p.is_empty() {
            out.insert(p.to_string());
        }
    }
    // Chart downloads.
    out.insert(crate::paths::DATA_DIR.to_string());
    out.into_iter().collect()
}

/// The theme's stylesheet, to inline into the 404 page.
pub fn inline_css(theme: &Theme) -> String {
    theme
        .statics
        .iter()
        .find(|(url, _)| url == "style.css")
        .map(|(_, b)| String::from_utf8_lossy(b).replace("</", "<\\/"))
        .unwrap_or_default()
}
