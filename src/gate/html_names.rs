//! The names the HTML reader ([`super::html`]) knows: attributes that
//! hold a URL, those whose URL the browser loads by itself, those that
//! are geometry or styling rather than text, and inline elements.

/// Attributes that hold a URL (or, for `srcset`, a list of them).
pub(super) fn url_attr(name: &str) -> bool {
    matches!(
        name,
        "action"
            | "archive"
            | "background"
            | "cite"
            | "codebase"
            | "data"
            | "dynsrc"
            | "formaction"
            | "href"
            | "icon"
            | "imagesrcset"
            | "longdesc"
            | "lowsrc"
            | "manifest"
            | "ping"
            | "poster"
            | "profile"
            | "src"
            | "srcset"
            | "usemap"
            | "xlink:href"
    )
}

/// Attributes whose URL the browser loads by itself (a request to
/// another host when it is remote), rather than on a click.
pub(super) fn loaded(name: &str) -> bool {
    matches!(
        name,
        "archive"
            | "background"
            | "codebase"
            | "data"
            | "dynsrc"
            | "icon"
            | "imagesrcset"
            | "lowsrc"
            | "manifest"
            | "poster"
            | "src"
            | "srcset"
    )
}

/// Attributes that are geometry or styling: never text a reader sees.
pub(super) fn not_text(name: &str) -> bool {
    matches!(
        name,
        "charset"
            | "class"
            | "clip-path"
            | "colspan"
            | "crossorigin"
            | "cx"
            | "cy"
            | "d"
            | "decoding"
            | "dir"
            | "dominant-baseline"
            | "dx"
            | "dy"
            | "fill"
            | "fill-opacity"
            | "font-family"
            | "font-size"
            | "font-weight"
            | "height"
            | "hidden"
            | "integrity"
            | "lang"
            | "letter-spacing"
            | "loading"
            | "marker-end"
            | "marker-start"
            | "mask"
            | "media"
            | "nonce"
            | "offset"
            | "opacity"
            | "points"
            | "preserveaspectratio"
            | "r"
            | "referrerpolicy"
            | "rel"
            | "role"
            | "rowspan"
            | "rx"
            | "ry"
            | "scope"
            | "sizes"
            | "stop-color"
            | "stroke"
            | "stroke-dasharray"
            | "stroke-linecap"
            | "stroke-linejoin"
            | "stroke-opacity"
            | "stroke-width"
            | "style"
            | "tabindex"
            | "target"
            | "text-anchor"
            | "transform"
            | "type"
            | "version"
            | "viewbox"
            | "width"
            | "x"
            | "x1"
            | "x2"
            | "xmlns"
            | "xmlns:xlink"
            | "y"
            | "y1"
            | "y2"
    )
}

/// What the reader does with an element, told by its name once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Text either side of it reads as one word ([`inline`]).
    Inline,
    /// Ends a block of text.
    Block,
    /// `<main>`: ends a block; where a page's copy starts and its footer.
    Main,
    /// Raw text elements (their content is not markup).
    Script,
    Style,
    Title,
    Textarea,
}

impl Kind {
    pub(super) fn of(name: &str) -> Kind {
        match name {
            "main" => Kind::Main,
            "script" => Kind::Script,
            "style" => Kind::Style,
            "title" => Kind::Title,
            "textarea" => Kind::Textarea,
            _ if inline(name) => Kind::Inline,
            _ => Kind::Block,
        }
    }

    /// Whether its content is raw text (for a start tag).
    pub(super) fn raw_text(self) -> bool {
        matches!(
            self,
            Kind::Script | Kind::Style | Kind::Title | Kind::Textarea
        )
    }
}

/// Inline elements: text either side of them reads as one word.
pub(super) fn inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tspan"
            | "u"
            | "var"
            | "wbr"
    )
}
