fn main() {
    std::process::exit(calmline::cli::main())
}
