//! Partnerships: an equality objective one body shares with partner bodies in the same
//! installation (seed 003 shares its objectives with the police and the health service). Each
//! partner sees the shared objective and adds its own actions to it; the shared page shows
//! everyone's progress; no body sees anything else of another. A partner outside the
//! installation reads a published view.

use crate::dashboard::ActionRow;
use crate::validate::{self, LONG_TEXT, ValidationErrors};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PartnershipFields {
    /// The owner's equality objective that is shared.
    pub objective_id: i64,
    /// The partner bodies in this installation.
    #[serde(default)]
    pub partner_ids: Vec<i64>,
    /// What the partners have agreed, in a sentence or two.
    #[serde(default)]
    pub agreement: String,
    /// Shown read-only on the owner's public site, for partners outside the installation.
    #[serde(default)]
    pub published: bool,
}

pub type Partnership = crate::record::Record<PartnershipFields>;

#[derive(Debug, Clone, Default)]
pub struct PartnershipForm {
    pub objective_id: String,
    /// One partner a line, by its short name in addresses (its slug).
    pub partners: String,
    pub agreement: String,
    pub published: bool,
}

impl PartnershipForm {
    /// Checks the form; `slugs` maps each organisation in the installation (slug, id), and
    /// `owner` is the sharing body, which cannot be its own partner.
    pub fn validate(
        &self,
        slugs: &[(String, i64)],
        owner: i64,
    ) -> Result<PartnershipFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let objective_id = self.objective_id.trim().parse::<i64>().ok();
        if objective_id.is_none() {
            e.add("objective_id", "Choose the equality objective to share");
        }
        let mut partner_ids = Vec::new();
        for l in self
            .partners
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            match slugs.iter().find(|(s, _)| s.eq_ignore_ascii_case(l)) {
                Some((_, id)) if *id == owner => e.add("partners", "A body cannot be its own partner"),
                Some((_, id)) if !partner_ids.contains(id) => partner_ids.push(*id),
                Some(_) => {}
                None => e.add("partners", format!("'{l}' is not a body in this installation: give each partner's short name, as in its public address")),
            }
        }
        if partner_ids.is_empty() && !e.0.iter().any(|f| f.field == "partners") {
            e.add("partners", "Name at least one partner");
        }
        let agreement = validate::optional(
            &mut e,
            "agreement",
            "what was agreed",
            &self.agreement,
            LONG_TEXT,
        )
        .unwrap_or_default();
        match objective_id {
            Some(objective_id) if e.is_empty() => Ok(PartnershipFields {
                objective_id,
                partner_ids,
                agreement,
                published: self.published,
            }),
            _ => Err(e),
        }
    }
}

/// One body's part in a partnership, as everyone in it sees it: its name and the actions it
/// contributes, with their progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Contribution {
    pub org_id: i64,
    pub organisation: String,
    pub actions: Vec<ActionRow>,
}

/// A partnership as a member sees it: the shared objective's words (only these of the owner's
/// objective), the owner, and every member's contribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SharedObjective {
    pub partnership: Partnership,
    pub owner: String,
    pub owner_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub contributions: Vec<Contribution>,
}

impl SharedObjective {
    /// Everyone's actions by latest status, in words: "3 actions: 1 complete, 2 on track".
    pub fn progress(&self) -> String {
        let all: Vec<&ActionRow> = self
            .contributions
            .iter()
            .flat_map(|c| c.actions.iter())
            .collect();
        if all.is_empty() {
            return "No actions yet".into();
        }
        let mut parts = Vec::new();
        for s in crate::progress::ProgressStatus::ALL {
            let n = all.iter().filter(|a| a.status() == s).count();
            if n > 0 {
                parts.push(format!("{n} {}", s.label().to_lowercase()));
            }
        }
        format!("{} actions: {}", all.len(), parts.join(", "))
    }
}
