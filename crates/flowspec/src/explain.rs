//! `flowspec explain CODE`: the reference's section on a diagnostic code
//! (`flowspec-design` finds it).

use flowspec_analysis::Code;
use flowspec_design::explain::section;

use crate::USAGE;

pub fn run(code: &str) -> u8 {
    if code == "all" {
        for code in Code::ALL {
            let severity = code.default_severity().to_string();
            println!("{:<24}{severity:<13}{}", code.as_str(), code.summary());
        }
        return 0;
    }
    match code.parse::<Code>() {
        Ok(code) => match section(code) {
            Some(text) => {
                println!("{text}");
                0
            }
            None => {
                eprintln!("error: the reference has no section for `{code}`");
                1
            }
        },
        Err(message) => {
            eprintln!("error: {message}");
            USAGE
        }
    }
}
