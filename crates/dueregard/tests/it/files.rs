//! Files at rest: a server killed while an HR extract is uploading leaves the raw file behind,
//! and the next start deletes it. The upload folder is owner-only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `dueregard serve` and answers the process and its address.
fn start(db: &Path, uploads: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dueregard"))
        .args(["--db", &db.display().to_string(), "serve", "--port", "0"])
        .args(["--upload-dir", &uploads.display().to_string()])
        .env_remove("DUEREGARD_DB")
        .env_remove("DUEREGARD_DATABASE_URL")
        .env_remove("DUEREGARD_KEY_FILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (child, addr)
}

/// Sends `head` and `body` and reads the whole answer.
fn exchange(addr: &str, head: &str, body: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    String::from_utf8_lossy(&reply).into_owned()
}

fn cookies(reply: &str) -> String {
    reply
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .filter_map(|c| c.split(';').next())
        .collect::<Vec<_>>()
        .join("; ")
}

fn uploads_in(dir: &Path) -> Vec<(String, u64)> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                    (e.file_name().to_string_lossy().into_owned(), size)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_server_killed_mid_upload_leaves_nothing_after_it_restarts() {
    let dir = std::env::temp_dir().join(format!("dueregard_files_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("council.db");
    let uploads = dir.join("uploads");
    let out = Command::new(env!("CARGO_BIN_EXE_dueregard"))
        .args(["--db", &db.display().to_string(), "demo", "--no-serve"])
        .env_remove("DUEREGARD_KEY_FILE")
        .output()
        .unwrap();
    assert!(out.status.success());
    let (mut server, addr) = start(&db, &uploads);
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&uploads).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "the upload folder is owner-only");
    }

    // Sign in as the equality lead, and read the upload form's token.
    let token = "a".repeat(64);
    let form = format!(
        "csrf_token={token}&email=lead%40dudley.example&password={}",
        dueregard::demo::DEMO_PASSWORD
    );
    let reply = exchange(
        &addr,
        &format!(
            "POST /sign-in HTTP/1.1\r\nHost: {addr}\r\nCookie: {}={token}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            dueregard::web::auth::SIGN_IN_COOKIE,
            form.len()
        ),
        form.as_bytes(),
    );
    let session = cookies(&reply);
    assert!(
        session.contains(dueregard::web::auth::SESSION_COOKIE),
        "{reply}"
    );
    let page = exchange(
        &addr,
        &format!(
            "GET /workforce/new HTTP/1.1\r\nHost: {addr}\r\nCookie: {session}\r\nConnection: close\r\n\r\n"
        ),
        b"",
    );
    let csrf = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the form's token")
        .to_string();

    // Start a 40 MB upload, send 4 MB of it, and kill the server while it is reading.
    let boundary = "dueregardboundary";
    let start_of_body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"extract.csv\"\r\nContent-Type: text/csv\r\n\r\nEmployee reference,Sex,Date of birth,Ordinary pay in pay period\r\n"
    );
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .write_all(
            format!(
                "POST /workforce/new HTTP/1.1\r\nHost: {addr}\r\nCookie: {session}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
                40 * 1024 * 1024
            )
            .as_bytes(),
        )
        .unwrap();
    stream.write_all(start_of_body.as_bytes()).unwrap();
    let row = b"E01000001,F,1980-02-03,2345.67\r\n";
    let chunk: Vec<u8> = row.iter().copied().cycle().take(1024 * 1024).collect();
    for _ in 0..4 {
        stream.write_all(&chunk).unwrap();
    }
    stream.flush().unwrap();
    let waited = Instant::now();
    let partial = loop {
        let files = uploads_in(&uploads);
        if let Some(f) = files.iter().find(|(_, size)| *size > 1024 * 1024) {
            break f.clone();
        }
        assert!(
            waited.elapsed() < Duration::from_secs(20),
            "the upload never reached the disk: {files:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    server.kill().unwrap();
    server.wait().unwrap();
    drop(stream);
    assert!(
        uploads_in(&uploads).iter().any(|(n, _)| *n == partial.0),
        "a killed server leaves the partial upload behind (what this test is about)"
    );

    let (mut again, _) = start(&db, &uploads);
    let left = uploads_in(&uploads);
    again.kill().unwrap();
    again.wait().unwrap();
    assert!(left.is_empty(), "left after a restart: {left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
