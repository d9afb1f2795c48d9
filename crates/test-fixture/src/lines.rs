//! Lines as the protocol defines them: ended by `\n`, `\r\n` or a lone `\r`.

/// Byte offsets where lines start.
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// The line of a byte offset and its column in characters (the same in
/// every encoding: what a reader counts).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    (line, text[starts[line]..offset].chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_ending_ends_a_line() {
        assert_eq!(line_starts("a\nb\r\nc\rd"), [0, 2, 5, 7]);
        let text = "a\nb\r\nc\ré😀x";
        assert_eq!(line_col(text, text.find('x').unwrap()), (3, 2));
    }
}
