//! Partnerships over HTTP: a partner body's user sees the shared objective and the actions added
//! to it, adds its own, and on every other route sees nothing of the body that shared it.

use super::*;
use crate::roles::{concrete, ids};
use dueregard::web::router::{Access, routes};

const DUDLEY: &str = "Dudley Metropolitan Borough Council";

#[tokio::test]
async fn a_partner_sees_the_shared_objective_and_nothing_else_on_every_route() {
    let app = demo_app().await;
    let ids = ids(&app).await;
    let police = app.sign_in("lead@police.example").await;
    let token = app.token("lead@police.example").await;
    let dudley = app.org("dudley").await;
    let shared = app
        .store
        .shared_objective(dudley, ids.partnership)
        .await
        .unwrap();
    let theirs: Vec<i64> = shared.contributions[0]
        .actions
        .iter()
        .map(|a| a.id)
        .collect();
    assert!(!theirs.is_empty(), "Dudley adds an action of its own");

    // The shared page: the objective's words and both bodies' actions, with links only to the
    // partner's own.
    let page = app
        .get(&format!("/partnerships/{}", ids.partnership), Some(&police))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&shared.title));
    assert!(page.body.contains(DUDLEY));
    assert!(page.body.contains("third-party reporting centres"));
    for a in &theirs {
        assert!(
            !page.body.contains(&format!("href=\"/actions/{a}\"")),
            "no link into Dudley's plans"
        );
    }

    // Every other route, with Dudley's ids in the address, shows the partner nothing of Dudley.
    let mut leaks = Vec::new();
    let mut checked = 0;
    for route in routes() {
        if route.method != "GET"
            || route.access == Access::Public
            || route.path.contains("/partnerships")
        {
            continue;
        }
        let path = concrete(route.path, &ids);
        let reply = if route.api.is_some() {
            app.api("GET", &path, Some(&token), None).await
        } else {
            app.get(&path, Some(&police)).await
        };
        checked += 1;
        let ok = reply.status == StatusCode::OK;
        if ok && (reply.body.contains(DUDLEY) || reply.body.contains(&shared.title)) {
            leaks.push(format!("{path}: {}", reply.status));
        }
        // A route naming a record of Dudley's is not found (or refused) for the partner.
        if ok && route.path.contains("{id}") && !route.path.starts_with("/import/") {
            let own = reply.body.contains("Example Constabulary") || reply.body.contains("HC1");
            if !own {
                leaks.push(format!("{path} answered 200 for a partner"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
    assert!(checked > 150, "only {checked} routes were tried");

    // The partner adds and removes only its own actions; another body's action is refused.
    let path = format!("/partnerships/{}/actions", ids.partnership);
    let r = app
        .post(
            &path,
            Some(&police),
            &[("action_ids", &theirs[0].to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let after = app
        .store
        .shared_objective(dudley, ids.partnership)
        .await
        .unwrap();
    assert_eq!(after.contributions, shared.contributions, "nothing changed");
    let r = app.post(&path, Some(&police), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = app
        .store
        .shared_objective(dudley, ids.partnership)
        .await
        .unwrap();
    assert!(after.contributions[1].actions.is_empty());
    assert_eq!(
        after.contributions[0], shared.contributions[0],
        "Dudley's actions stay"
    );

    // The partner cannot change who it is shared with: that is the owner's.
    let r = app
        .get(
            &format!("/partnerships/{}/edit", ids.partnership),
            Some(&police),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A body not in the partnership does not find it at all.
    let wales = app.sign_in("lead@wales.example").await;
    let r = app
        .get(&format!("/partnerships/{}", ids.partnership), Some(&wales))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A partner outside the installation reads the published view, and only through the owner.
    let r = app
        .get(
            &format!("/public/dudley/partnerships/{}", ids.partnership),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&shared.title));
    let r = app
        .get(
            &format!("/public/example-police/partnerships/{}", ids.partnership),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sharing_is_refused_with_a_clear_reason() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let dudley = app.org("dudley").await;
    let objective = app.store.objectives(dudley).await.unwrap()[0]
        .id
        .to_string();
    for (partners, says) in [
        ("nobody-here", "is not a body in this installation"),
        ("dudley", "cannot be its own partner"),
        ("", "Name at least one partner"),
    ] {
        let r = app
            .post(
                "/partnerships/new",
                Some(&lead),
                &[
                    ("objective_id", &objective),
                    ("partners", partners),
                    ("published", "no"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{partners}");
        assert!(r.body.contains(says), "{partners}: {}", r.body);
    }
    // Sharing another body's objective is refused by the store.
    let other = app.org("worcester").await;
    let theirs = app.store.objectives(other).await.unwrap()[0].id.to_string();
    let r = app
        .post(
            "/partnerships/new",
            Some(&lead),
            &[
                ("objective_id", &theirs),
                ("partners", "worcester"),
                ("published", "no"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.partnerships(dudley).await.unwrap().len(), 1);
}
