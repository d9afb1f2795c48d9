//! The order of files' paths where it decides something (which of two
//! declarations of a name counts): the same for the server's keys, which
//! are URIs, and the command line's paths.

/// A file's path as it sorts among others: with `%XX` escapes decoded, so
/// that the server's keys (URIs, `file:///…/%C3%A9cole.flow`) sort as the
/// command line's paths (`école.flow`) do.
pub fn path_order(path: &str) -> std::borrow::Cow<'_, [u8]> {
    percent_encoding::percent_decode_str(path).into()
}

/// A path with its `%XX` escapes decoded, as a person reads it; the path as
/// given when the escapes do not decode to UTF-8.
pub fn decoded(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_or_else(|_| path.to_string(), |s| s.into_owned())
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
