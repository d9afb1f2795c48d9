//! `file://` URIs of paths, and back.

use std::path::Path;

/// The URI of an absolute path, every byte but unreserved ones escaped.
pub fn uri_of_path(path: &Path) -> String {
    let mut uri = String::from("file://");
    for c in path.to_string_lossy().chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '/' | '-' | '_' | '.' | '~' => uri.push(c),
            other => {
                let mut buf = [0u8; 4];
                for b in other.encode_utf8(&mut buf).bytes() {
                    uri.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    uri
}

/// A URI with its `%XX` escapes decoded.
pub fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = uri.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_decoded() {
        assert_eq!(
            percent_decode("file:///a%20b/%C3%A9.flow"),
            "file:///a b/é.flow"
        );
        assert_eq!(percent_decode("file:///a%2"), "file:///a%2");
        let path = Path::new("/tmp/é ሰላም/a.flow");
        assert_eq!(
            percent_decode(&uri_of_path(path)),
            "file:///tmp/é ሰላም/a.flow"
        );
    }
}
