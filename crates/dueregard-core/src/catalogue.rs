//! A curated catalogue of actions with evidence behind them, from which a plan's actions can be
//! started. Each says what to do in our own words, where the evidence comes from and how strong
//! it is. The workplace entries follow the Government Equalities Office's review of what works to
//! close gender pay gaps (with the Behavioural Insights Team, 2018, updated 2021), which sorts
//! actions into effective, promising and mixed results; the others are well-established schemes
//! and duties whose effect has not been evaluated in the same way, and say so.

use crate::vocab::{Aim, ProtectedCharacteristic, vocabulary};
use serde::{Deserialize, Serialize};

vocabulary!(
    /// How strong the evidence is that the action works.
    Strength {
        Effective => ("effective", "Effective: strong evidence it works"),
        Promising => ("promising", "Promising: some evidence it works"),
        Mixed => ("mixed", "Mixed results: it can help, or can backfire"),
        NotEvaluated => ("not_evaluated", "Good practice, not evaluated"),
    }
);

vocabulary!(
    /// What part of the body's work it is about.
    Theme {
        Recruitment => ("recruitment", "Recruitment"),
        Progression => ("progression", "Progression and pay"),
        Flexibility => ("flexibility", "Flexible work and leave"),
        Culture => ("culture", "Culture and development"),
        Services => ("services", "Services and decisions"),
    }
);

/// One action in the catalogue.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CatalogueAction {
    /// Stable: used in addresses.
    pub key: &'static str,
    pub theme: Theme,
    pub title: &'static str,
    /// What to do, in our own words.
    pub what: &'static str,
    pub strength: Strength,
    pub source: &'static str,
    pub aims: &'static [Aim],
    pub characteristics: &'static [ProtectedCharacteristic],
}

const GEO: &str = "Government Equalities Office, Reducing the gender pay gap and improving gender equality in organisations: evidence-based actions for employers";

use Aim::{
    AdvanceEquality as ADVANCE, EliminateDiscrimination as ELIMINATE, FosterGoodRelations as FOSTER,
};
use ProtectedCharacteristic as P;

/// The catalogue, by theme.
pub const CATALOGUE: &[CatalogueAction] = &[
    CatalogueAction {
        key: "several-women-on-shortlists",
        theme: Theme::Recruitment,
        title: "Put more than one woman on every shortlist",
        what: "When shortlisting for a job or a promotion, include at least two women wherever the pool allows: one alone on a list of men is seldom chosen.",
        strength: Strength::Effective,
        source: GEO,
        aims: &[ADVANCE],
        characteristics: &[P::Sex],
    },
    CatalogueAction {
        key: "skills-based-assessment",
        theme: Theme::Recruitment,
        title: "Assess candidates on tasks the job involves",
        what: "Ask candidates to do work-like tasks, scored against criteria set in advance, instead of judging them on interview impressions alone.",
        strength: Strength::Effective,
        source: GEO,
        aims: &[ELIMINATE, ADVANCE],
        characteristics: &[P::Sex, P::Race, P::Disability, P::Age],
    },
    CatalogueAction {
        key: "structured-interviews",
        theme: Theme::Recruitment,
        title: "Use structured interviews",
        what: "Ask every candidate the same questions in the same order and score each answer against a scale agreed beforehand.",
        strength: Strength::Effective,
        source: GEO,
        aims: &[ELIMINATE, ADVANCE],
        characteristics: &[P::Sex, P::Race, P::Disability, P::Age],
    },
    CatalogueAction {
        key: "show-salary-ranges",
        theme: Theme::Progression,
        title: "Show the salary range and say it can be negotiated",
        what: "Publish the pay range for each job and say whether starting pay is negotiable, so that negotiating is expected of everyone and not only of those who assume it.",
        strength: Strength::Effective,
        source: GEO,
        aims: &[ADVANCE],
        characteristics: &[P::Sex],
    },
    CatalogueAction {
        key: "transparent-promotion-and-pay",
        theme: Theme::Progression,
        title: "Make promotion, pay and reward processes transparent",
        what: "Write down and share how promotions, pay rises and bonuses are decided and who decides, so that staff can see the criteria and managers know decisions will be seen.",
        strength: Strength::Effective,
        source: GEO,
        aims: &[ELIMINATE, ADVANCE],
        characteristics: &[P::Sex, P::Race, P::Disability],
    },
    CatalogueAction {
        key: "diversity-leads",
        theme: Theme::Culture,
        title: "Give named people responsibility for diversity",
        what: "Appoint a diversity manager or task force with the authority to ask for data, set goals and hold managers to account for progress.",
        strength: Strength::Effective,
        source: GEO,
        aims: &[ADVANCE],
        characteristics: &[P::Sex, P::Race, P::Disability],
    },
    CatalogueAction {
        key: "flexible-work",
        theme: Theme::Flexibility,
        title: "Offer flexible working to everyone, from the first day",
        what: "Advertise jobs as open to flexible and part-time working unless there is a reason they cannot be, and make flexibility the normal choice for men as well as women.",
        strength: Strength::Promising,
        source: GEO,
        aims: &[ADVANCE],
        characteristics: &[P::Sex, P::Disability, P::PregnancyMaternity, P::Age],
    },
    CatalogueAction {
        key: "shared-parental-leave",
        theme: Theme::Flexibility,
        title: "Encourage fathers and partners to take shared parental leave",
        what: "Pay shared parental leave at the same enhanced rate as maternity leave and let staff see that senior men take it.",
        strength: Strength::Promising,
        source: GEO,
        aims: &[ADVANCE],
        characteristics: &[P::Sex, P::PregnancyMaternity],
    },
    CatalogueAction {
        key: "returners",
        theme: Theme::Recruitment,
        title: "Recruit people returning after a career break",
        what: "Run a returner programme, with support and a fair assessment of skills, for people coming back after caring or illness.",
        strength: Strength::Promising,
        source: GEO,
        aims: &[ADVANCE],
        characteristics: &[P::Sex, P::Age, P::Disability],
    },
    CatalogueAction {
        key: "mentoring-and-sponsorship",
        theme: Theme::Culture,
        title: "Offer mentoring and sponsorship",
        what: "Pair people from under-represented groups with senior mentors or sponsors who advise them and speak up for them when opportunities arise.",
        strength: Strength::Promising,
        source: GEO,
        aims: &[ADVANCE],
        characteristics: &[P::Sex, P::Race, P::Disability, P::SexualOrientation],
    },
    CatalogueAction {
        key: "internal-targets",
        theme: Theme::Progression,
        title: "Set internal targets for representation",
        what: "Set targets for the share of under-represented groups at each grade, publish progress and give the targets an owner.",
        strength: Strength::Promising,
        source: GEO,
        aims: &[ADVANCE],
        characteristics: &[P::Sex, P::Race, P::Disability],
    },
    CatalogueAction {
        key: "unconscious-bias-training",
        theme: Theme::Culture,
        title: "Unconscious bias training, only with other actions",
        what: "If used, keep it short and pair it with changes to processes: on its own, bias training has not been shown to change behaviour and can make things worse.",
        strength: Strength::Mixed,
        source: GEO,
        aims: &[ELIMINATE],
        characteristics: &[
            P::Sex,
            P::Race,
            P::Disability,
            P::SexualOrientation,
            P::ReligionBelief,
            P::Age,
            P::GenderReassignment,
        ],
    },
    CatalogueAction {
        key: "diverse-panels",
        theme: Theme::Recruitment,
        title: "Diverse selection panels, with structured scoring",
        what: "A varied panel is not enough by itself; use it with structured interviews and agreed scoring so that decisions rest on the evidence.",
        strength: Strength::Mixed,
        source: GEO,
        aims: &[ELIMINATE],
        characteristics: &[P::Sex, P::Race, P::Disability],
    },
    CatalogueAction {
        key: "disability-confident",
        theme: Theme::Recruitment,
        title: "Become a Disability Confident employer",
        what: "Work through the levels of the government's Disability Confident scheme: an offer of an interview to disabled applicants who meet the essential criteria, adjustments in recruitment, and support to stay in work.",
        strength: Strength::NotEvaluated,
        source: "Department for Work and Pensions, Disability Confident employer scheme",
        aims: &[ADVANCE],
        characteristics: &[P::Disability],
    },
    CatalogueAction {
        key: "adjustment-passports",
        theme: Theme::Culture,
        title: "Record agreed workplace adjustments in a passport",
        what: "Keep each disabled person's agreed adjustments in a record that moves with them between jobs and managers, so they need not argue for them again.",
        strength: Strength::NotEvaluated,
        source: "Equality Act 2010, sections 20 and 21 (the duty to make reasonable adjustments)",
        aims: &[ELIMINATE, ADVANCE],
        characteristics: &[P::Disability],
    },
    CatalogueAction {
        key: "assess-impact-early",
        theme: Theme::Services,
        title: "Assess the equality impact of a proposal before it is decided",
        what: "Start the impact assessment while the proposal can still change, use evidence about each group, and put it in front of the decision-maker with the report.",
        strength: Strength::NotEvaluated,
        source: "Equality Act 2010, section 149, as the courts read it (R (Brown) v Secretary of State for Work and Pensions [2008] EWHC 3158 (Admin))",
        aims: &[ELIMINATE, ADVANCE, FOSTER],
        characteristics: &[
            P::Age,
            P::Disability,
            P::GenderReassignment,
            P::PregnancyMaternity,
            P::Race,
            P::ReligionBelief,
            P::Sex,
            P::SexualOrientation,
        ],
    },
    CatalogueAction {
        key: "consult-affected-groups",
        theme: Theme::Services,
        title: "Consult the groups a proposal affects, while it is formative",
        what: "Ask the people a change would affect while it can still change, give them enough to respond with, and long enough, and take their answers into account.",
        strength: Strength::NotEvaluated,
        source: "R v Brent London Borough Council, ex parte Gunning (1985) 84 LGR 168, affirmed in R (Moseley) v Haringey LBC [2014] UKSC 56",
        aims: &[ADVANCE, FOSTER],
        characteristics: &[
            P::Age,
            P::Disability,
            P::GenderReassignment,
            P::PregnancyMaternity,
            P::Race,
            P::ReligionBelief,
            P::Sex,
            P::SexualOrientation,
        ],
    },
];

/// An entry by its key.
pub fn find(key: &str) -> Option<&'static CatalogueAction> {
    CATALOGUE.iter().find(|a| a.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_complete_and_named_once() {
        let mut keys: Vec<&str> = CATALOGUE.iter().map(|a| a.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), CATALOGUE.len(), "keys are unique");
        for a in CATALOGUE {
            assert!(!a.what.is_empty() && !a.source.is_empty(), "{}", a.key);
            assert!(
                !a.aims.is_empty() && !a.characteristics.is_empty(),
                "{}",
                a.key
            );
            assert!(
                a.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                a.key
            );
        }
        // Every strength of evidence is represented, so the catalogue does not claim more than
        // the evidence gives.
        for s in Strength::ALL {
            assert!(CATALOGUE.iter().any(|a| a.strength == *s), "{s:?}");
        }
        assert_eq!(
            find("structured-interviews").map(|a| a.strength),
            Some(Strength::Effective)
        );
        assert!(find("nothing").is_none());
    }
}
