//! Pseudonymisation keys live apart from the data: the attack of trying every staff number
//! with every secret found in the database and its backup reverses nothing, files are
//! owner-only, keys rotate, and an earlier version's secrets leave the database.

use dueregard_formats::workforce::pseudonym::{Pseudonymiser, pseudonym_text};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn run(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dueregard"))
        .args(args)
        .env_remove("DUEREGARD_DB")
        .env_remove("DUEREGARD_DATABASE_URL")
        .env_remove("DUEREGARD_KEY_FILE")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dueregard_keys_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// An organisation with a 2,000-person extract stored; answers the extract's staff numbers.
fn stored_extract(dir: &Path, db: &Path) -> Vec<String> {
    let extract = dir.join("extract.csv");
    let (ok, _, err) = run(&[
        "--db",
        &s(db),
        "org",
        "add",
        "--slug",
        "test",
        "--name",
        "Test Council",
    ]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&[
        "workforce",
        "synth",
        "--rows",
        "2000",
        "--seed",
        "9",
        "--out",
        &s(&extract),
    ]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&[
        "--db",
        &s(db),
        "workforce",
        "analyse",
        &s(&extract),
        "--org",
        "test",
        "--save",
        "--synthetic",
    ]);
    assert!(ok, "{err}");
    std::fs::read_to_string(&extract)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

/// The pseudonyms a backup holds.
fn backup_pseudonyms(backup: &serde_json::Value) -> HashSet<String> {
    let records = backup["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "workforce_records")
        .unwrap();
    let at = records["columns"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c == "pseudonym")
        .unwrap();
    records["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[at].as_str().unwrap().to_string())
        .collect()
}

/// Every run of 16 or more letters, digits, `-` or `_` in some bytes: whatever could be a key.
fn tokens(bytes: &[u8], out: &mut HashSet<String>) {
    let mut current = Vec::new();
    for &b in bytes.iter().chain([0u8].iter()) {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            current.push(b);
        } else {
            if current.len() >= 16 {
                out.insert(String::from_utf8_lossy(&current).into_owned());
            }
            current.clear();
        }
    }
}

/// Every staff number an attacker would try: those in the extract, in each case and with
/// neighbours, so the right ones are surely among them.
fn dictionary(references: &[String]) -> Vec<String> {
    let mut words = HashSet::new();
    for r in references {
        words.insert(r.clone());
        words.insert(r.to_lowercase());
        words.insert(r.trim_start_matches('E').to_string());
        if let Ok(n) = r.trim_start_matches('E').parse::<u64>() {
            words.insert(format!("E{:08}", n + 1));
        }
    }
    words.into_iter().collect()
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn key_secrets(keys: &Path) -> Vec<String> {
    std::fs::read_to_string(keys)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once(' ').unwrap().1.to_string())
        .collect()
}

#[test]
fn database_and_backup_without_the_key_reverse_no_pseudonym() {
    let dir = fresh_dir("attack");
    let db = dir.join("council.db");
    let references = stored_extract(&dir, &db);
    assert_eq!(references.len(), 2000);
    let backup_path = dir.join("backup.json");
    let (ok, _, err) = run(&["--db", &s(&db), "export", "--out", &s(&backup_path)]);
    assert!(ok, "{err}");
    let keys = dir.join("council.keys");

    // Files at rest are owner-only.
    for f in [&db, &keys, &backup_path] {
        assert_eq!(mode(f), 0o600, "{} is {:o}", f.display(), mode(f));
    }

    let backup: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&backup_path).unwrap()).unwrap();
    let stored = backup_pseudonyms(&backup);
    assert_eq!(stored.len(), 2000);

    // The key is in neither the database nor the backup.
    let secrets = key_secrets(&keys);
    assert_eq!(secrets.len(), 1);
    let mut files = std::fs::read(&db).unwrap();
    for journal in ["-wal", "-shm"] {
        files.extend(std::fs::read(format!("{}{journal}", db.display())).unwrap_or_default());
    }
    files.extend(std::fs::read(&backup_path).unwrap());
    let text = String::from_utf8_lossy(&files);
    assert!(
        !text.contains(&secrets[0]),
        "the key is stored with the data"
    );

    // The attack: every token in the database and the backup as a key, every staff number.
    let mut candidates = HashSet::new();
    tokens(&files, &mut candidates);
    candidates.retain(|c| !stored.contains(c));
    assert!(
        candidates.len() > 10,
        "only {} candidates",
        candidates.len()
    );
    let words = dictionary(&references);
    let mut reversed = 0;
    for candidate in &candidates {
        let p = Pseudonymiser::new(candidate.as_bytes());
        reversed += words
            .iter()
            .filter(|w| stored.contains(&pseudonym_text(p.pseudonym(w.as_bytes()))))
            .count();
    }
    assert_eq!(
        reversed,
        0,
        "pseudonyms reversed with {} candidate keys",
        candidates.len()
    );
    eprintln!(
        "tried {} candidate keys from the database and backup on {} staff numbers: {reversed} of {} reversed",
        candidates.len(),
        words.len(),
        stored.len()
    );

    // The same attack with the key file finds everyone: the test can fail.
    let with_key = Pseudonymiser::new(secrets[0].as_bytes());
    let found = references
        .iter()
        .filter(|r| stored.contains(&pseudonym_text(with_key.pseudonym(r.as_bytes()))))
        .count();
    assert_eq!(found, 2000);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rotating_the_key_rehashes_everyone_and_the_old_key_finds_nobody() {
    let dir = fresh_dir("rotate");
    let db = dir.join("council.db");
    let references = stored_extract(&dir, &db);
    let keys = dir.join("council.keys");
    let export = |name: &str| {
        let path = dir.join(name);
        let (ok, _, err) = run(&["--db", &s(&db), "export", "--out", &s(&path)]);
        assert!(ok, "{err}");
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        backup_pseudonyms(&v)
    };
    let before = export("before.json");
    let (ok, out, err) = run(&["--db", &s(&db), "workforce", "rotate-key", "--org", "test"]);
    assert!(ok, "{err}");
    assert!(out.contains("2000 stored pseudonyms"), "{out}");
    let after = export("after.json");
    assert_eq!(after.len(), 2000);
    assert!(before.is_disjoint(&after), "every pseudonym changed");

    let secrets = key_secrets(&keys);
    assert_eq!(secrets.len(), 2);
    let old = Pseudonymiser::new(secrets[0].as_bytes());
    let chain = Pseudonymiser::chain(secrets.iter().map(|k| k.as_bytes())).unwrap();
    let under = |p: &Pseudonymiser| {
        references
            .iter()
            .filter(|r| after.contains(&pseudonym_text(p.pseudonym(r.as_bytes()))))
            .count()
    };
    assert_eq!(under(&old), 0, "the replaced key finds nobody");
    assert_eq!(under(&chain), 2000, "the keys in turn find everyone");

    // A new extract of the same people links to them: saved for another date, same pseudonyms.
    let extract = dir.join("extract.csv");
    let (ok, _, err) = run(&[
        "--db",
        &s(&db),
        "workforce",
        "analyse",
        &s(&extract),
        "--org",
        "test",
        "--save",
        "--synthetic",
        "--snapshot-date",
        "2027-03-31",
    ]);
    assert!(ok, "{err}");
    let both = export("both.json");
    assert_eq!(both, after, "the second snapshot's people are the first's");

    // Without the key file the organisation's extracts are refused, plainly.
    std::fs::rename(&keys, dir.join("elsewhere.keys")).unwrap();
    let (ok, _, err) = run(&[
        "--db",
        &s(&db),
        "workforce",
        "analyse",
        &s(&extract),
        "--org",
        "test",
    ]);
    assert!(!ok);
    assert!(err.contains("does not hold key"), "{err}");
    let (ok, _, err) = run(&[
        "--db",
        &s(&db),
        "--key-file",
        &s(&dir.join("elsewhere.keys")),
        "workforce",
        "analyse",
        &s(&extract),
        "--org",
        "test",
    ]);
    assert!(ok, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_earlier_versions_secret_moves_out_of_the_database_and_keeps_linking() {
    let dir = fresh_dir("legacy");
    let db = dir.join("council.db");
    let (ok, _, err) = run(&[
        "--db",
        &s(&db),
        "org",
        "add",
        "--slug",
        "test",
        "--name",
        "Test",
    ]);
    assert!(ok, "{err}");
    // What an earlier version kept: the secret in the database.
    let legacy = "5f".repeat(32);
    {
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&db)
            .connect()
            .await
            .unwrap();
        sqlx::query("INSERT INTO workforce_secrets (org_id, secret) VALUES (1, ?)")
            .bind(&legacy)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let extract = dir.join("extract.csv");
    let (ok, _, err) = run(&["workforce", "synth", "--rows", "50", "--out", &s(&extract)]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&[
        "--db",
        &s(&db),
        "workforce",
        "analyse",
        &s(&extract),
        "--org",
        "test",
        "--save",
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("out of the database"), "{err}");
    let keys = dir.join("council.keys");
    assert_eq!(key_secrets(&keys), vec![legacy.clone()]);
    assert_eq!(mode(&keys), 0o600);

    let backup = dir.join("b.json");
    let (ok, _, err) = run(&["--db", &s(&db), "export", "--out", &s(&backup)]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&backup).unwrap();
    assert!(!text.contains(&legacy), "the old secret left the database");
    let stored = backup_pseudonyms(&serde_json::from_str(&text).unwrap());
    let old = Pseudonymiser::new(legacy.as_bytes());
    let first = std::fs::read_to_string(&extract).unwrap();
    let first = first.lines().nth(1).unwrap().split(',').next().unwrap();
    assert!(
        stored.contains(&pseudonym_text(old.pseudonym(first.as_bytes()))),
        "people stay linked to the pseudonyms made before"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
