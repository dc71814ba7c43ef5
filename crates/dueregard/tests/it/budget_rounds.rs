//! Budget rounds over HTTP: the demo's round shows the groups several proposals hit (counted
//! here by hand from its assessments), its report downloads, and each proposal's decision says in
//! its due-regard check whether the cumulative impact was considered before it.

use super::*;

fn split(d: &str) -> (String, String, String) {
    let p: Vec<&str> = d.split('-').collect();
    (p[2].into(), p[1].into(), p[0].into())
}

#[tokio::test]
async fn the_demo_round_flags_the_groups_several_proposals_hit() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let round = app.store.budget_rounds(org).await.unwrap()[0].clone();
    assert_eq!(round.fields.decision_ids.len(), 4);

    // Count by hand, from the assessments the proposals rest on, the proposals that affect each
    // characteristic negatively.
    let decisions = app.store.decisions(org).await.unwrap();
    let assessments = app.store.assessments(org).await.unwrap();
    let mut negative: std::collections::BTreeMap<String, usize> = Default::default();
    for id in &round.fields.decision_ids {
        let d = decisions.iter().find(|d| d.id == *id).unwrap();
        let mut hit = std::collections::BTreeSet::new();
        for a in assessments
            .iter()
            .filter(|a| d.fields.assessment_ids.contains(&a.id))
        {
            for i in &a.fields.impacts {
                if i.impact == dueregard_core::assessment::Impact::Negative {
                    hit.insert(format!("{:?}", i.characteristic));
                }
            }
        }
        for h in hit {
            *negative.entry(h).or_default() += 1;
        }
    }
    assert_eq!(negative.get("Protected(Age)"), Some(&3));
    assert_eq!(negative.get("Protected(Disability)"), Some(&2));

    let page = app
        .get(&format!("/budget-rounds/{}", round.id), Some(&lead))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("2 groups are affected negatively by 2 or more proposals"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Age: 3 proposals with a negative impact")
    );
    assert!(
        page.body
            .contains("Disability: 2 proposals with a negative impact")
    );
    assert!(
        page.body.contains("None offered"),
        "a negative impact with no mitigation says so"
    );
    assert!(!page.body.contains("Sex: 1 proposals"));

    // The report, on the page and as files.
    let report = app
        .get(&format!("/budget-rounds/{}/report", round.id), Some(&lead))
        .await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.body.contains("Age (flagged)"));
    assert!(report.body.contains("has not yet been considered"));
    let pdf = app
        .get(
            &format!("/budget-rounds/{}/report/pdf", round.id),
            Some(&lead),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF"));
    let odt = app
        .get(
            &format!("/budget-rounds/{}/report/odt", round.id),
            Some(&lead),
        )
        .await;
    assert_eq!(odt.status, StatusCode::OK);
    assert!(odt.body.starts_with("PK"));

    // Another body cannot see it.
    let wales = app.sign_in("lead@wales.example").await;
    let r = app
        .get(&format!("/budget-rounds/{}", round.id), Some(&wales))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn each_proposal_is_told_whether_its_cumulative_impact_was_considered() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let round = app.store.budget_rounds(org).await.unwrap()[0].clone();
    let first = round.fields.decision_ids[0];
    let decided = app
        .store
        .decision(org, first)
        .await
        .unwrap()
        .fields
        .decided_on;

    let page = app.get(&format!("/decisions/{first}"), Some(&lead)).await;
    assert!(
        page.body
            .contains("The cumulative impact of related proposals was considered")
    );
    assert!(
        page.body.contains("has not been considered yet"),
        "{}",
        page.body
    );

    // Recording a consideration without its conclusion is refused, and nothing changes.
    let edit = format!("/budget-rounds/{}/edit", round.id);
    let form = app.get(&edit, Some(&lead)).await;
    let version = between(&form.body, "name=\"version\" value=\"", "\"").unwrap();
    let base = between(&form.body, "name=\"base\" value=\"", "\"").unwrap_or_default();
    let before = decided
        .checked_sub(jiff::Span::new().days(7))
        .unwrap()
        .to_string();
    let (d, m, y) = split(&before);
    let ids: Vec<String> = round
        .fields
        .decision_ids
        .iter()
        .map(i64::to_string)
        .collect();
    let mut fields: Vec<(&str, &str)> = vec![
        ("version", &version),
        ("base", &base),
        ("title", &round.fields.title),
        ("several", "2"),
        ("considered_on-day", &d),
        ("considered_on-month", &m),
        ("considered_on-year", &y),
        ("conclusion", ""),
    ];
    for id in &ids {
        fields.push(("decision_ids", id));
    }
    let r = app.post(&edit, Some(&lead), &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Write what was concluded"));
    assert_eq!(app.store.budget_round(org, round.id).await.unwrap(), round);

    // With it, every proposal's check passes the cumulative line.
    let conclusion = "Older and disabled people are each affected by more than one proposal; transport and care reviews are funded for both.";
    for f in fields.iter_mut() {
        if f.0 == "conclusion" {
            f.1 = conclusion;
        }
    }
    let r = app.post(&edit, Some(&lead), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/decisions/{first}"), Some(&lead)).await;
    assert!(page.body.contains("before the decision"), "{}", page.body);
    let token = app.token("lead@dudley.example").await;
    let api = app
        .api(
            "GET",
            &format!("/api/v1/decisions/{first}"),
            Some(&token),
            None,
        )
        .await
        .json();
    let line = api["check"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["principle"] == "cumulative")
        .unwrap()
        .clone();
    assert_eq!(line["finding"], "pass");

    // The demo's own decision is no budget proposal and gets no such line.
    let own = crate::demo_decision(app.store.as_ref(), org).await;
    let api = app
        .api(
            "GET",
            &format!("/api/v1/decisions/{}", own.id),
            Some(&token),
            None,
        )
        .await
        .json();
    assert!(
        api["check"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["principle"] != "cumulative")
    );
}

#[tokio::test]
async fn a_round_takes_only_the_bodys_own_decisions() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let cumbria = app.org("cumbria").await;
    let theirs = crate::demo_decision(app.store.as_ref(), cumbria)
        .await
        .id
        .to_string();
    let r = app
        .post(
            "/budget-rounds/new",
            Some(&lead),
            &[
                ("title", "Budget"),
                ("several", "2"),
                ("decision_ids", &theirs),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Select decisions of this organisation"));
    let r = app
        .post(
            "/budget-rounds/new",
            Some(&lead),
            &[("title", "Budget"), ("several", "one")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("from 2 to 50"));
    let org = app.org("dudley").await;
    assert_eq!(app.store.budget_rounds(org).await.unwrap().len(), 1);
}
