//! The real binary: demo, export, restore.

use std::process::Command;

fn dueregard(args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dueregard"));
    cmd.args(args)
        .env_remove("DUEREGARD_DB")
        .env_remove("DUEREGARD_DATABASE_URL");
    let out = match stdin {
        Some(input) => {
            use std::io::Write;
            let mut child = cmd
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        }
        None => cmd.output().unwrap(),
    };
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn export_then_restore_gives_back_the_same_database() {
    let dir = std::env::temp_dir().join(format!("dueregard_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.db"), dir.join("b.db"));
    let (first, second) = (dir.join("first.json"), dir.join("second.json"));
    let s = |p: &std::path::Path| p.display().to_string();
    let (ok, _, err) = dueregard(&["--db", &s(&a), "demo", "--no-serve"], None);
    assert!(ok, "{err}");
    let (ok, out, err) = dueregard(
        &[
            "--db",
            &s(&a),
            "user",
            "add",
            "--org",
            "dudley",
            "--email",
            "new.lead@dudley.example",
            "--name",
            "New Lead",
            "--role",
            "equality_lead",
        ],
        Some("a long enough password\n"),
    );
    assert!(ok, "{err}");
    assert!(out.contains("Added New Lead"));
    let (ok, _, err) = dueregard(
        &[
            "--db",
            &s(&a),
            "user",
            "add",
            "--org",
            "dudley",
            "--email",
            "short@dudley.example",
            "--name",
            "S",
            "--role",
            "viewer",
        ],
        Some("short\n"),
    );
    assert!(!ok && err.contains("at least 12 characters"));
    let (ok, token, err) = dueregard(
        &[
            "--db",
            &s(&a),
            "token",
            "create",
            "--email",
            "new.lead@dudley.example",
            "--name",
            "reporting",
        ],
        None,
    );
    assert!(ok && token.trim().starts_with("dr_") && err.contains("not shown again"));
    assert!(dueregard(&["--db", &s(&a), "export", "--out", &s(&first)], None).0);
    let (ok, _, err) = dueregard(&["--db", &s(&b), "restore", &s(&first)], None);
    assert!(ok, "{err}");
    assert!(dueregard(&["--db", &s(&b), "export", "--out", &s(&second)], None).0);
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&second).unwrap()
    );
    let (ok, _, err) = dueregard(&["--db", &s(&b), "restore", &s(&first)], None);
    assert!(
        !ok && err.contains("empty"),
        "a second restore is refused: {err}"
    );
    let junk = dir.join("junk.json");
    std::fs::write(&junk, "{\"not\": \"a backup\"}").unwrap();
    let (ok, _, err) = dueregard(&["--db", &s(&dir.join("c.db")), "restore", &s(&junk)], None);
    assert!(!ok && err.contains("is not a Due Regard backup"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
