//! The typst `World` of one export: the generated Typst source, the images
//! it shows (chart SVGs and the report's own images) and the fonts built
//! into the binary — all in memory. Nothing is read from disk and the
//! clock is never asked, so the same report gives the same PDF.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

/// The font family the PDF is set in: DejaVu Sans covers Latin and Arabic.
pub(crate) const FONT_FAMILY: &str = "DejaVu Sans";

/// The fonts built into the binary (DejaVu 2.37 from Debian's
/// fonts-dejavu-core; licence in `fonts/LICENSE`).
const FONT_FILES: &[&[u8]] = &[
    include_bytes!("fonts/DejaVuSans.ttf"),
    include_bytes!("fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("fonts/DejaVuSansMono.ttf"),
];

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Parsed once per process: the standard library (with the accessibility
/// extras for row header cells) and the fonts.
fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let library = Library::builder()
            .with_features([Feature::A11yExtras].into_iter().collect())
            .build();
        Shared {
            library: LazyHash::new(library),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// Whether the built-in fonts have a glyph for `c`.
pub(crate) fn has_glyph(c: char) -> bool {
    shared()
        .fonts
        .iter()
        .any(|f| f.info().coverage.contains(u32::from(c)))
}

/// Characters that are never drawn (direction marks, joiners, variation
/// selectors, the soft hyphen): no glyph needed.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
    )
}

/// A virtual file path of the export (`/main.typ`, `/img/3.svg`).
pub(crate) fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("kartsite makes only valid virtual paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One export's sources and files.
pub(crate) struct ExportWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl ExportWorld {
    /// A world whose main file is `source` and whose other files are
    /// `files` (virtual path → bytes).
    pub(crate) fn new(source: String, files: Vec<(String, Vec<u8>)>) -> Self {
        ExportWorld {
            main: Source::new(file_id("/main.typ"), source),
            files: files
                .into_iter()
                .map(|(path, bytes)| (file_id(&path), Bytes::new(bytes)))
                .collect(),
        }
    }

    /// The Typst source (for locating errors).
    pub(crate) fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for ExportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    /// No clock: a document that asks for today's date gets none.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
