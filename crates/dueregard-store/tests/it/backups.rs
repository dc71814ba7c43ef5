//! Backups prove themselves: each of these tampered backups is refused whole, with a message
//! naming what is wrong, and leaves the database empty.

use crate::scenarios::{PASSWORD_HASH, build_plan, cli, org, people, person, snapshot_fields};
use dueregard_core::account::NewUser;
use dueregard_core::backup::{Backup, BackupTable, BackupValue};
use dueregard_core::store::*;
use dueregard_core::vocab::Role;

/// A database with two organisations, a plan, a lead officer's account, a token and a snapshot.
async fn source(store: &dyn Store) -> Backup {
    let b = build_plan(store, "cumbria").await;
    org(store, "dudley").await;
    let officer = person(store, b.org, "Jason Whyley", "JW").await;
    let user = store
        .create_user(
            &cli(),
            b.org,
            NewUser {
                email: "jw@example.gov.uk".into(),
                name: "Jason Whyley".into(),
                role: Role::LeadOfficer,
                person_id: Some(officer),
                password_hash: PASSWORD_HASH.into(),
            },
        )
        .await
        .expect("user");
    store
        .create_token(&cli(), user.id, "script", &"ab".repeat(32))
        .await
        .expect("token");
    store
        .create_snapshot(&cli(), b.org, snapshot_fields(2024), &people(20))
        .await
        .expect("snapshot");
    store.export(&cli()).await.expect("export")
}

fn table<'a>(b: &'a mut Backup, name: &str) -> &'a mut BackupTable {
    b.tables
        .iter_mut()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

/// Sets `column` of row `row` of `name`.
fn set(b: &mut Backup, name: &str, row: usize, column: &str, v: BackupValue) {
    let t = table(b, name);
    let at = t
        .columns
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("{name} has no {column}: {:?}", t.columns));
    t.rows[row][at] = v;
}

fn text(s: &str) -> BackupValue {
    BackupValue::Text(s.into())
}

/// After tampering, the manifest is made to match, as a careful forger would: the rows are
/// what must be refused, not only the checksum.
fn reseal(b: &mut Backup) {
    b.manifest.counts = Backup::counts(&b.tables);
    b.manifest.sha256 = dueregard_store::backup_checksum(&b.tables);
}

type Tamper = fn(&mut Backup);

const CASES: &[(&str, Tamper, &str)] = &[
    (
        "a changed value, checksum left",
        |b| set(b, "organisations", 0, "name", text("Other")),
        "does not match its checksum",
    ),
    (
        "a row taken out, counts left",
        |b| {
            table(b, "audit").rows.pop();
            b.manifest.sha256 = dueregard_store::backup_checksum(&b.tables);
        },
        "number of rows",
    ),
    (
        "not a backup",
        |b| b.format = "spreadsheet".into(),
        "not a Due Regard backup",
    ),
    (
        "an unknown layout",
        |b| b.format_version = 99,
        "layout is version 99",
    ),
    (
        "another schema",
        |b| b.schema_version += 1,
        "schema version",
    ),
    (
        "no users table",
        |b| {
            b.tables.retain(|t| t.name != "users");
            reseal(b)
        },
        "no users table",
    ),
    (
        "a table of its own",
        |b| {
            b.tables.push(BackupTable {
                name: "extras".into(),
                columns: vec!["id".into()],
                rows: vec![],
            });
            reseal(b)
        },
        "does not know: extras",
    ),
    (
        "a table twice",
        |b| {
            let t = table(b, "glossary").clone();
            b.tables.push(t);
            reseal(b)
        },
        "twice",
    ),
    (
        "a superuser",
        |b| {
            set(b, "users", 0, "role", text("superuser"));
            reseal(b)
        },
        "'superuser' is not a role",
    ),
    (
        "a password hash that is not a hash",
        |b| {
            set(b, "users", 0, "password_hash", text("password123"));
            reseal(b)
        },
        "password_hash: is not a password hash",
    ),
    (
        "a user moved to another organisation",
        |b| {
            let dudley = table(b, "organisations").rows[1][0].clone();
            set(b, "users", 0, "org_id", dudley);
            reseal(b)
        },
        "users, row 1, person_id",
    ),
    (
        "an objective whose data is not JSON",
        |b| {
            set(b, "objectives", 0, "data", text("{not json"));
            reseal(b)
        },
        "objectives, row 1, data",
    ),
    (
        "a person whose data is a plan's",
        |b| {
            let plan = table(b, "plans").rows[0].clone();
            let at = table(b, "plans")
                .columns
                .iter()
                .position(|c| c == "data")
                .unwrap();
            set(b, "people", 0, "data", plan[at].clone());
            reseal(b)
        },
        "people, row 1, data",
    ),
    (
        "an impossible sex code",
        |b| {
            set(b, "workforce_records", 0, "sex", BackupValue::Int(9));
            reseal(b)
        },
        "Sex has no category numbered 9",
    ),
    (
        "a pseudonym that is not one",
        |b| {
            set(b, "workforce_records", 0, "pseudonym", text("E01000001"));
            reseal(b)
        },
        "not 32 hexadecimal digits",
    ),
    (
        "negative bonus pay",
        |b| {
            set(
                b,
                "workforce_records",
                0,
                "bonus_pence",
                BackupValue::Int(-5),
            );
            reseal(b)
        },
        "bonus pay cannot be less than zero",
    ),
    (
        "a nation that is not one",
        |b| {
            set(b, "organisations", 0, "nation", text("atlantis"));
            reseal(b)
        },
        "nation",
    ),
    (
        "a record in an organisation that is not there",
        |b| {
            set(b, "objectives", 0, "org_id", BackupValue::Int(999));
            reseal(b)
        },
        "organisation 999",
    ),
    (
        "an action in another organisation's plan",
        |b| {
            set(b, "actions", 0, "plan_id", BackupValue::Int(999));
            reseal(b)
        },
        "actions, row 1, plan_id",
    ),
    (
        "a lead who is not there",
        |b| {
            set(b, "action_leads", 0, "person_id", BackupValue::Int(999));
            reseal(b)
        },
        "action_leads, row 1, person_id",
    ),
    (
        "a token for nobody",
        |b| {
            set(b, "api_tokens", 0, "user_id", BackupValue::Int(999));
            reseal(b)
        },
        "api_tokens, row 1, user_id",
    ),
    (
        "text where a number goes",
        |b| {
            set(b, "plans", 0, "org_id", text("one"));
            reseal(b)
        },
        "must be a whole number",
    ),
    (
        "an empty required value",
        |b| {
            set(b, "plans", 0, "label", BackupValue::Null);
            reseal(b)
        },
        "plans, row 1, label: is empty",
    ),
    (
        "a column missing",
        |b| {
            let t = table(b, "priorities");
            let at = t.columns.iter().position(|c| c == "label").unwrap();
            t.columns.remove(at);
            for r in &mut t.rows {
                r.remove(at);
            }
            reseal(b)
        },
        "Table priorities has the columns",
    ),
    (
        "a row short of a value",
        |b| {
            table(b, "actions").rows[0].pop();
            reseal(b)
        },
        "values for",
    ),
];

pub async fn tampered_backups_are_refused_whole(store: &dyn Store) {
    let backup = source(store).await;
    assert!(CASES.len() >= 22, "{} cases", CASES.len());
    let empty = crate::fresh_like(store).await;
    for (what, tamper, expected) in CASES {
        let mut bad = backup.clone();
        tamper(&mut bad);
        match empty.store.restore(&cli(), &bad).await {
            Err(StoreError::Invalid(v)) => {
                let said = v.to_string();
                assert!(said.contains(expected), "{what}: said {said}");
            }
            other => panic!("{what}: restored ({other:?})"),
        }
        assert!(
            empty.store.organisations().await.expect("list").is_empty(),
            "{what}: something was stored"
        );
    }
    // The untampered backup restores, and exports again exactly; both are in the audit trail.
    empty.store.restore(&cli(), &backup).await.expect("restore");
    let again = empty.store.export(&cli()).await.expect("export");
    assert_eq!(again, backup, "export → restore → export is exact");
    let log = empty.store.installation_audit_log(20).await.expect("audit");
    assert!(
        log.iter()
            .any(|e| e.entity == "backup" && e.change == "restored")
    );
    assert!(
        log.iter()
            .any(|e| e.entity == "backup" && e.change == "exported")
    );
    empty.finish().await;
}
