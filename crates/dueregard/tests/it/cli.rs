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

/// The path of a seed document, or `None` when `../shared/seeds` is not beside the project.
fn seed(name: &str) -> Option<String> {
    crate::seed_path(name).map(|p| p.display().to_string())
}

#[test]
fn import_dry_run_shows_what_was_understood() {
    let (Some(s004), Some(s003), Some(s000)) = (
        seed("004_8d8d19867bf1a4c9.txt"),
        seed("003_eee4fbb448a922d7.txt"),
        seed("000_443340b82cd69c13.txt"),
    ) else {
        return;
    };
    let (ok, out, err) = dueregard(&["import", "plan", &s004, "--dry-run"], None);
    assert!(ok, "{err}");
    assert!(out.contains(
        "9 priorities, 18 objectives, 40 actions, 15 lead officers in the key, 7 glossary entries."
    ));
    assert!(out.contains(
        "Base system in place: by 30 June 2013 (firm); Training: by 30 September 2013 (firm)"
    ));
    assert!(out.contains("line 85: The target 'New guidance"));
    let (ok, json, _) = dueregard(&["import", "plan", &s004, "--dry-run", "--json"], None);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["priorities"].as_array().unwrap().len(), 9);
    assert_eq!(
        v["priorities"][0]["objectives"][0]["actions"][1]["outcome"]["kind"],
        "same_as_above"
    );
    let (ok, out, _) = dueregard(&["import", "objectives", &s003, "--dry-run"], None);
    assert!(ok && out.contains("3 objectives."));
    let (ok, out, _) = dueregard(&["import", "objectives", &s000, "--dry-run"], None);
    assert!(ok && out.contains("6 objectives."));
    assert!(
        out.contains("How they were found (line 63): The objectives are the items of the list under '2.4 The proposed equality priorities are:'"),
        "{out}"
    );
}

#[test]
fn import_refuses_what_it_cannot_read() {
    let dir = std::env::temp_dir().join(format!("dueregard_import_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    };
    let cases = [
        (file("empty.txt", b""), "The file is empty"),
        (
            file("junk.bin", &[0u8, 159, 146, 150, 0, 1, 2, 3, 4, 5]),
            "The file is not text",
        ),
        (
            file(
                "letter.txt",
                b"Dear resident,\nThank you for your letter.\n",
            ),
            "no action plan was found",
        ),
    ];
    for (path, message) in cases {
        let (ok, _, err) = dueregard(&["import", "plan", &path, "--dry-run"], None);
        assert!(!ok && err.contains(message), "{path}: {err}");
    }
    let big = dir.join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    let (ok, _, err) = dueregard(
        &["import", "plan", &big.display().to_string(), "--dry-run"],
        None,
    );
    assert!(!ok && err.contains("is 100 MB"), "{err}");
    let Some(s004) = seed("004_8d8d19867bf1a4c9.txt") else {
        let _ = std::fs::remove_dir_all(&dir);
        return;
    };
    let (ok, _, err) = dueregard(
        &["import", "plan", &s004, "--dry-run", "--column", "colour=B"],
        None,
    );
    assert!(
        !ok && err.contains("not something a plan column holds"),
        "{err}"
    );
    let (ok, _, err) = dueregard(
        &[
            "import",
            "plan",
            &s004,
            "--dry-run",
            "--empty-cells",
            "sideways",
        ],
        None,
    );
    assert!(!ok && err.contains("'sideways' is not a choice"), "{err}");
    let (ok, out, _) = dueregard(
        &[
            "import",
            "plan",
            &s004,
            "--dry-run",
            "--empty-cells",
            "empty",
        ],
        None,
    );
    assert!(ok && !out.contains("the same as the action above"), "{out}");
    let (ok, _, err) = dueregard(
        &[
            "import",
            "plan",
            &s004,
            "--dry-run",
            "--join-objective",
            "1",
        ],
        None,
    );
    assert!(
        !ok && err.contains("no objective 1 with an objective above it"),
        "{err}"
    );
    let (ok, out, _) = dueregard(
        &[
            "import",
            "plan",
            &s004,
            "--dry-run",
            "--join-objective",
            "2",
        ],
        None,
    );
    assert!(
        ok && out.contains("Objective CE2's") && out.contains("17 objectives"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn import_stores_a_plan_once_and_offers_a_new_version() {
    let (Some(s004), Some(s000)) = (
        seed("004_8d8d19867bf1a4c9.txt"),
        seed("000_443340b82cd69c13.txt"),
    ) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("dueregard_store_import_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("d.db").display().to_string();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db.as_str()];
        all.extend_from_slice(args);
        dueregard(&all, None)
    };
    let (ok, _, err) = run(&["org", "add", "--slug", "dudley", "--name", "Dudley MBC"]);
    assert!(ok, "{err}");
    let plan = s004;
    let (ok, _, err) = run(&["import", "plan", &plan]);
    assert!(ok, "{err}");
    assert!(err.contains("Stored plan 1"), "{err}");
    assert!(err.contains("40 actions, 15 new people"), "{err}");
    let (ok, _, err) = run(&["import", "plan", &plan]);
    assert!(!ok, "the same document twice is refused");
    assert!(
        err.contains("imported before") && err.contains("new version"),
        "{err}"
    );
    let (ok, _, err) = run(&["import", "plan", &plan, "--new-version-of", "1"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("Stored plan 2") && err.contains("0 new people"),
        "{err}"
    );
    let (ok, _, err) = run(&["import", "objectives", &s000]);
    assert!(
        ok && err.contains("Stored 6 equality objectives as drafts"),
        "{err}"
    );
    let (ok, _, err) = run(&["import", "objectives", &s000]);
    assert!(!ok && err.contains("imported before"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// One request over a fresh connection: status line, headers and body as text.
fn http_get(addr: &str, path: &str, token: Option<&str>) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    reply
}

#[test]
fn the_server_logs_each_request_as_json_with_its_id_user_route_status_and_time() {
    use std::io::BufRead;
    let dir = std::env::temp_dir().join(format!("dueregard_log_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("log.db");
    let db_arg = db.to_str().unwrap();
    let (ok, _, err) = dueregard(&["--db", db_arg, "demo", "--no-serve"], None);
    assert!(ok, "{err}");
    let (ok, token, err) = dueregard(
        &[
            "--db",
            db_arg,
            "token",
            "create",
            "--email",
            "lead@dudley.example",
            "--name",
            "logs",
        ],
        None,
    );
    assert!(ok, "{err}");
    let token = token.trim().to_string();
    let mut server = Command::new(env!("CARGO_BIN_EXE_dueregard"))
        .args([
            "--db",
            db_arg,
            "--log-format",
            "json",
            "serve",
            "--port",
            "0",
        ])
        .env_remove("DUEREGARD_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = server.stdout.take().unwrap();
    let mut first = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap()
        .to_string();

    assert!(http_get(&addr, "/healthz", None).starts_with("HTTP/1.1 200"));
    assert!(http_get(&addr, "/readyz", None).starts_with("HTTP/1.1 200"));
    let me = http_get(&addr, "/api/v1/me", Some(&token));
    assert!(me.starts_with("HTTP/1.1 200"), "{me}");
    let id = me
        .lines()
        .find_map(|l| l.strip_prefix("x-request-id: "))
        .expect("the response names its request")
        .trim()
        .to_string();
    let refused = http_get(&addr, "/api/v1/me", Some("not-a-token"));
    assert!(refused.starts_with("HTTP/1.1 401"));

    let _ = server.kill();
    let output = server.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert!(!lines.is_empty(), "no JSON log lines: {log}");
    let mine = lines
        .iter()
        .find(|l| l["span"]["request_id"] == id.as_str())
        .unwrap_or_else(|| panic!("no line for request {id}: {log}"));
    assert_eq!(mine["span"]["route"], "/api/v1/me");
    assert_eq!(mine["span"]["method"], "GET");
    assert_eq!(mine["status"], 200);
    assert!(
        mine["latency"].is_string() || mine["latency"].is_number(),
        "{mine}"
    );
    assert!(
        mine["span"]["user"].as_i64().is_some(),
        "the user is named: {mine}"
    );
    let refusal = lines
        .iter()
        .find(|l| l["status"] == 401)
        .unwrap_or_else(|| panic!("the refused request is logged: {log}"));
    assert_eq!(refusal["span"]["route"], "/api/v1/me");
    assert!(refusal["span"]["user"].is_null(), "nobody was signed in");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn publish_writes_the_public_site_as_files() {
    let dir = std::env::temp_dir().join(format!("dueregard_publish_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("p.db");
    let out = dir.join("site");
    let s = |p: &std::path::Path| p.display().to_string();
    let (ok, _, err) = dueregard(&["--db", &s(&db), "demo", "--no-serve"], None);
    assert!(ok, "{err}");
    let (ok, said, err) = dueregard(
        &[
            "--db",
            &s(&db),
            "publish",
            "--org",
            "dudley",
            "--out",
            &s(&out),
        ],
        None,
    );
    assert!(ok, "{err}");
    assert!(said.contains("public site"), "{said}");
    let home = std::fs::read_to_string(out.join("public/dudley/index.html")).unwrap();
    assert!(home.contains("Equality information"));
    assert!(out.join("public/dudley/objectives/index.html").exists());
    assert!(out.join("assets/app.css").exists());
    let (ok, _, err) = dueregard(
        &[
            "--db",
            &s(&db),
            "publish",
            "--org",
            "nowhere",
            "--out",
            &s(&out),
        ],
        None,
    );
    assert!(
        !ok && err.contains("no organisation called 'nowhere'"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
