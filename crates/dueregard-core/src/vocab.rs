//! Fixed vocabularies from the Equality Act 2010: the three aims of the general duty (s.149(1))
//! and the nine protected characteristics (s.4), plus the nations whose specific duties differ.

use serde::{Deserialize, Serialize};

/// Declares a closed vocabulary: a stable machine `key` for storage and forms, and a plain
/// English `label` for people. Keys are part of the API and the database: never rename one.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($key:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the order people expect to read them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stable key used in storage, URLs and the API.
            pub fn key(self) -> &'static str { match self { $($name::$variant => $key),+ } }
            /// The words shown to people.
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
            /// Reads a key back; `None` when it is not one of ours.
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.label()) }
        }
    };
}
pub(crate) use vocabulary;

vocabulary!(
    /// The three aims of the general equality duty, s.149(1)(a)–(c).
    Aim {
        EliminateDiscrimination => ("eliminate_discrimination", "Eliminate discrimination, harassment and victimisation"),
        AdvanceEquality => ("advance_equality", "Advance equality of opportunity"),
        FosterGoodRelations => ("foster_good_relations", "Foster good relations"),
    }
);

vocabulary!(
    /// The nine protected characteristics, s.4 Equality Act 2010.
    ProtectedCharacteristic {
        Age => ("age", "Age"),
        Disability => ("disability", "Disability"),
        GenderReassignment => ("gender_reassignment", "Gender reassignment"),
        MarriageCivilPartnership => ("marriage_civil_partnership", "Marriage and civil partnership"),
        PregnancyMaternity => ("pregnancy_maternity", "Pregnancy and maternity"),
        Race => ("race", "Race"),
        ReligionBelief => ("religion_belief", "Religion or belief"),
        Sex => ("sex", "Sex"),
        SexualOrientation => ("sexual_orientation", "Sexual orientation"),
    }
);

impl ProtectedCharacteristic {
    /// Marriage and civil partnership is left out of s.149(7), so only the first aim
    /// (eliminating discrimination, and only at work) applies to it.
    pub fn aim_applies(self, aim: Aim) -> bool {
        self != ProtectedCharacteristic::MarriageCivilPartnership
            || aim == Aim::EliminateDiscrimination
    }
}

vocabulary!(
    /// Which nation's specific duties an organisation is under.
    Nation {
        England => ("england", "England"),
        Wales => ("wales", "Wales"),
        Scotland => ("scotland", "Scotland"),
    }
);

vocabulary!(
    /// What a user may do. Checked on every request, page and API alike.
    Role {
        Administrator => ("administrator", "Administrator"),
        EqualityLead => ("equality_lead", "Equality lead"),
        LeadOfficer => ("lead_officer", "Lead officer"),
        Director => ("director", "Director"),
        Viewer => ("viewer", "Viewer"),
    }
);

impl Role {
    /// Everyone but viewers may write impact assessments and sign the steps their role allows.
    pub fn can_assess(self) -> bool {
        self != Role::Viewer
    }

    /// Administrators run accounts: add users, change roles, disable them, reset passwords.
    pub fn can_run_accounts(self) -> bool {
        self == Role::Administrator
    }

    /// Directors and administrators approve what the organisation publishes.
    pub fn can_approve(self) -> bool {
        matches!(self, Role::Director | Role::Administrator)
    }

    /// Administrators and equality leads edit everything in their organisation.
    pub fn can_edit_everything(self) -> bool {
        matches!(self, Role::Administrator | Role::EqualityLead)
    }
}

vocabulary!(
    /// Kinds of committee that approve, scrutinise or monitor equality work.
    CommitteeKind {
        Cabinet => ("cabinet", "Cabinet"),
        Council => ("council", "Full council"),
        Scrutiny => ("scrutiny", "Scrutiny committee"),
        ManagementTeam => ("management_team", "Management team"),
        EqualityGroup => ("equality_group", "Equality group"),
        Board => ("board", "Board"),
        Other => ("other", "Other"),
    }
);

vocabulary!(
    /// Whether a person is a paid officer or an elected member.
    PersonKind {
        Officer => ("officer", "Officer"),
        Member => ("member", "Elected member"),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for c in ProtectedCharacteristic::ALL {
            assert_eq!(ProtectedCharacteristic::from_key(c.key()), Some(*c));
        }
        assert_eq!(ProtectedCharacteristic::ALL.len(), 9);
        assert_eq!(Aim::ALL.len(), 3);
        assert_eq!(Role::from_key("nobody"), None);
    }

    #[test]
    fn marriage_only_engages_the_first_aim() {
        let m = ProtectedCharacteristic::MarriageCivilPartnership;
        assert!(m.aim_applies(Aim::EliminateDiscrimination));
        assert!(!m.aim_applies(Aim::AdvanceEquality));
        assert!(ProtectedCharacteristic::Age.aim_applies(Aim::FosterGoodRelations));
    }
}
