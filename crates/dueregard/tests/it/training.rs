//! Equality training over HTTP: Worcester's courses (seed 000's three), coverage by directorate
//! and for members, refreshers as training lapses, sessions recorded through the one edit flow,
//! and the coverage feeding an indicator.

use super::*;

#[tokio::test]
async fn coverage_refreshers_and_the_indicator_follow_the_sessions() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@worcester.example").await;
    let org = app.org("worcester").await;
    let courses = app.store.courses(org).await.unwrap();
    assert_eq!(courses.len(), 3);
    let module = courses
        .iter()
        .find(|c| c.fields.refresher_months == Some(36))
        .unwrap();

    // 30 officers; 10 took the module in the last three years; 4 took it 40 months ago and
    // have lapsed.
    let page = app
        .get(&format!("/training/courses/{}", module.id), Some(&lead))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(">10</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">30</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">33%"), "{}", page.body);
    assert_eq!(page.body.matches("lapsed on").count(), 4);
    assert!(page.body.contains("Officers in Place (illustrative)"));

    // The indicator that follows it: 33.3% today against 75, red, in words.
    let indicator = app
        .store
        .indicators(org)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.fields.course_id == Some(module.id))
        .unwrap();
    let shown = app
        .get(&format!("/indicators/{}", indicator.id), Some(&lead))
        .await;
    assert!(shown.body.contains("Red: off target"), "{}", shown.body);

    // Recording a session for the four who lapsed brings them back, and the coverage with them.
    let lapsed: Vec<String> = app
        .store
        .training_sessions(org)
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.fields.course_id == module.id)
        .min_by_key(|s| s.fields.date)
        .unwrap()
        .fields
        .attendee_ids
        .iter()
        .map(i64::to_string)
        .collect();
    let today = dueregard::app::today();
    let (d, m, y) = (
        today.day().to_string(),
        today.month().to_string(),
        today.year().to_string(),
    );
    let mut fields: Vec<(&str, &str)> = vec![
        ("date-day", &d),
        ("date-month", &m),
        ("date-year", &y),
        ("trainer", "Policy and Performance"),
    ];
    for id in &lapsed {
        fields.push(("attendee_ids", id));
    }
    let path = format!("/training/courses/{}/sessions/new", module.id);
    let r = app.post(&path, Some(&lead), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .get(&format!("/training/courses/{}", module.id), Some(&lead))
        .await;
    assert!(page.body.contains("47%"), "{}", page.body);
    assert!(!page.body.contains("lapsed on"));
    let token = app.token("lead@worcester.example").await;
    let s = app
        .api(
            "GET",
            &format!("/api/v1/indicators/{}/series", indicator.id),
            Some(&token),
            None,
        )
        .await
        .json();
    let last = s["overall"].as_array().unwrap().last().unwrap().clone();
    assert!(
        (last["value"].as_f64().unwrap() - 46.667).abs() < 0.01,
        "{last}"
    );
    let cover = app
        .api(
            "GET",
            &format!("/api/v1/training/courses/{}/coverage", module.id),
            Some(&token),
            None,
        )
        .await
        .json();
    assert_eq!(cover[0]["trained"], 14);

    // Someone of another body cannot attend; a bad day is refused; nothing is kept.
    let before = app.store.training_sessions(org).await.unwrap().len();
    let dudley = app.org("dudley").await;
    let stranger = app.store.people(dudley).await.unwrap()[0].id.to_string();
    let r = app
        .post(
            &path,
            Some(&lead),
            &[
                ("date-day", &d),
                ("date-month", &m),
                ("date-year", &y),
                ("attendee_ids", &stranger),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Select people of this organisation"));
    let r = app
        .post(
            &path,
            Some(&lead),
            &[
                ("date-day", "31"),
                ("date-month", "2"),
                ("date-year", "2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.store.training_sessions(org).await.unwrap().len(),
        before
    );

    // Another body sees none of it.
    let other = app.sign_in("lead@dudley.example").await;
    let r = app
        .get(&format!("/training/courses/{}", module.id), Some(&other))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
