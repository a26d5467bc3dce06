//! Input and output shared by the commands: the file argument, the format, and where the
//! result goes (stdout, `-o FILE`, or `-i` in place), always written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::CliError;
use secret_core::fsutil::write_atomic;
use secret_core::limits::{max_input_bytes, read_limited};
use secret_core::ops::read_file;
use secret_core::store::Format;

#[derive(Debug, Args)]
pub struct FileArgs {
    /// The file to read; standard input when omitted. Several files (with -i or
    /// --output-dir) are each worked on by themselves, in parallel.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub files: Vec<PathBuf>,

    /// Write the result to this file instead of standard output.
    #[arg(short, long, value_name = "OUT", conflicts_with = "in_place")]
    pub output: Option<PathBuf>,

    /// Replace FILE with the result.
    #[arg(short, long)]
    pub in_place: bool,

    /// Read FILE as this format instead of guessing from its extension.
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub input_type: Option<Format>,

    /// Write the result in this format (the data converted; layout and comments are not kept).
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub output_type: Option<Format>,

    /// Treat the input as if it had this path (for the format and the creation rules).
    #[arg(long, value_name = "NAME")]
    pub filename_override: Option<PathBuf>,
}

impl FileArgs {
    /// The one file named (the first, when several are: they take another path).
    pub fn file(&self) -> Option<&Path> {
        self.files.first().map(PathBuf::as_path)
    }

    /// The path that names the input for format detection, config rules and messages.
    pub fn name(&self) -> PathBuf {
        self.filename_override
            .clone()
            .or_else(|| self.file().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("-"))
    }

    /// The input's format (`--input-type`, else by file name).
    pub fn format(&self) -> Format {
        self.input_type
            .unwrap_or_else(|| Format::from_path(&self.name()))
    }

    /// The output's format (`--output-type`, else the input's).
    pub fn output_format(&self) -> Format {
        self.output_type.unwrap_or_else(|| self.format())
    }

    pub fn read(&self) -> Result<Vec<u8>, CliError> {
        if self.in_place && self.file().is_none() {
            return Err(CliError::Conflict(
                "--in-place needs a FILE, not standard input".into(),
            ));
        }
        match self.file() {
            Some(path) => Ok(read_file(path)?),
            None => read_stdin(),
        }
    }

    /// Writes the result where the flags say; nothing is written before this point.
    pub fn write(&self, bytes: &[u8]) -> Result<(), CliError> {
        let target = if self.in_place {
            self.file()
        } else {
            self.output.as_deref()
        };
        match target {
            Some(path) => write_atomic(path, bytes).map_err(|source| CliError::write(path, source)),
            None => write_stdout(bytes),
        }
    }
}

pub fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|source| CliError::write("standard output", source))
}

/// All of standard input, within the input size bound (a template read from `-`).
pub fn read_stdin_bytes() -> Result<Vec<u8>, CliError> {
    read_stdin()
}

/// All of standard input, within the input size bound.
fn read_stdin() -> Result<Vec<u8>, CliError> {
    read_limited(std::io::stdin(), max_input_bytes())
        .map_err(|source| CliError::read("standard input", source))
}

/// All of standard input as text (values piped in, so they stay out of argv).
pub fn read_stdin_text() -> Result<String, CliError> {
    String::from_utf8(read_stdin()?).map_err(|_| {
        let source = std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text");
        CliError::read("standard input", source)
    })
}
