//! The `.flow` design language: lexer, parser and syntax tree.
//!
//! [`parse`] turns any text into a [`SourceFile`]: a tree with byte spans,
//! every token (comments included), and every error found. It never fails:
//! an error costs at most the item it stands in.

pub mod ast;
mod compact;
mod error;
pub mod lexer;
pub mod line_index;
mod parser;
pub mod prose;
pub mod shift;
mod span;

pub use error::SyntaxError;
pub use line_index::{LineCol, LineIndex};
pub use parser::{Origins, parse, reparse, reparse_with_origins};
pub use shift::Shift;
pub use smol_str::SmolStr;
pub use span::Span;
