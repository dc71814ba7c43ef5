#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    dueregard::cli::main()
}
