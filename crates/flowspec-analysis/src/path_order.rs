//! The order of files' paths where it decides something (which of two
//! declarations of a name counts): the same for the server's keys, which
//! are URIs, and the command line's paths.

/// A file's path as it sorts among others: with `%XX` escapes decoded, so
/// that the server's keys (URIs, `file:///…/%C3%A9cole.flow`) sort as the
/// command line's paths (`école.flow`) do.
pub fn path_order(path: &str) -> std::borrow::Cow<'_, [u8]> {
    if !path.contains('%') {
        return std::borrow::Cow::Borrowed(path.as_bytes());
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::path_order;

    #[test]
    fn escapes_sort_as_the_characters_they_stand_for() {
        let uri = |name: &str| format!("file:///w/{name}");
        let mut uris = [
            uri("%C3%A9cole.flow"),
            uri("z.flow"),
            uri("two%20words.flow"),
        ];
        uris.sort_by(|a, b| path_order(a).cmp(&path_order(b)));
        let mut paths = ["école.flow", "z.flow", "two words.flow"];
        paths.sort_by(|a, b| path_order(a).cmp(&path_order(b)));
        assert_eq!(paths, ["two words.flow", "z.flow", "école.flow"]);
        assert_eq!(
            uris,
            [
                uri("two%20words.flow"),
                uri("z.flow"),
                uri("%C3%A9cole.flow")
            ]
        );
        assert_eq!(&*path_order("100%.flow"), b"100%.flow");
    }
}
