//! Process models: phases and their guiding questions. The built-in models
//! are data (`models/*.yaml`), embedded in the binary; a custom model is
//! declared in book.toml with the same fields.

use serde::Deserialize;

/// A process model: the phases a mapping goes through.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ProcessModel {
    /// Short machine name, e.g. `omradeskartlaggning`.
    #[serde(default = "custom_id")]
    pub id: String,
    /// Display name, e.g. "Områdeskartläggning".
    pub name: String,
    pub phases: Vec<Phase>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Also the name of the phase's folder under `content/`.
    pub id: String,
    pub title: String,
    /// What the phase is for, shown on the phase page.
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique within the model; pages cite it in `answers:`.
    pub id: String,
    pub text: String,
}

fn custom_id() -> String {
    "custom".into()
}

const BUILTIN: &[(&str, &str)] = &[
    (
        "omradeskartlaggning",
        include_str!("../../models/omradeskartlaggning.yaml"),
    ),
    ("boligsosial", include_str!("../../models/boligsosial.yaml")),
];

/// Names of the built-in models.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(n, _)| *n)
}

/// A built-in model by name.
pub(crate) fn builtin_model(name: &str) -> Option<ProcessModel> {
    let (_, src) = BUILTIN.iter().find(|(n, _)| *n == name)?;
    // The embedded files are checked by a unit test; a failure here is a
    // build defect, reported as "unknown model" rather than a panic.
    serde_saphyr::from_str(src).ok()
}

impl ProcessModel {
    /// Ids must be unique and non-empty; a model needs at least one phase.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.phases.is_empty() {
            return Err(format!("process model \"{}\" has no phases", self.name));
        }
        let mut phase_ids = std::collections::BTreeSet::new();
        let mut question_ids = std::collections::BTreeSet::new();
        for p in &self.phases {
            if !is_slug(&p.id) {
                return Err(format!(
                    "phase id \"{}\" must be lowercase letters, digits, dashes and underscores",
                    p.id
                ));
            }
            if !phase_ids.insert(p.id.as_str()) {
                return Err(format!("phase id \"{}\" is used twice", p.id));
            }
            for q in &p.questions {
                if !question_ids.insert(q.id.as_str()) {
                    return Err(format!("question id \"{}\" is used twice", q.id));
                }
            }
        }
        Ok(())
    }

    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.id == id)
    }

    /// The phase a question belongs to.
    pub fn question(&self, id: &str) -> Option<(&Phase, &Question)> {
        self.phases
            .iter()
            .find_map(|p| p.questions.iter().find(|q| q.id == id).map(|q| (p, q)))
    }
}

/// Lowercase ASCII letters, digits and dashes (safe as a folder name and URL).
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_models_parse_and_validate() {
        for name in builtin_names() {
            let src = BUILTIN.iter().find(|(n, _)| *n == name).unwrap().1;
            let m: ProcessModel = serde_saphyr::from_str(src).expect(name);
            m.validate().unwrap();
            assert_eq!(m.id, name);
        }
        assert_eq!(
            builtin_model("omradeskartlaggning").unwrap().phases.len(),
            4
        );
        assert_eq!(builtin_model("boligsosial").unwrap().phases.len(), 5);
    }
}
