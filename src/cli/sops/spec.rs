//! The command line of sops 3.11, as tables: every subcommand with its flags, the global
//! flags, and the help printed for them (in our words; the flag names, variables and
//! placement rules are sops's, sops-format.md §9.1-9.2).

use super::flags::{Flag, Kind};

use Kind::{Bool, BoolTrue, Int, List, Str};

/// One subcommand: its name, arguments, one-line description and flag groups.
pub struct Command {
    pub name: &'static str,
    pub args: &'static str,
    pub about: &'static str,
    pub flags: &'static [&'static [Flag]],
}

const SOPS_KMS_ARN: &str = "SOPS_KMS_ARN";
const SOPS_PGP_FP: &str = "SOPS_PGP_FP";
const SOPS_AGE_RECIPIENTS: &str = "SOPS_AGE_RECIPIENTS";
const SOPS_DECRYPTION_ORDER: &str = "SOPS_DECRYPTION_ORDER";

pub const KEYSERVICE: &[Flag] = &[
    Flag::new(
        &["enable-local-keyservice"],
        BoolTrue,
        "use the keys of this machine (always on: secret has no other key service)",
    )
    .env("SOPS_ENABLE_LOCAL_KEYSERVICE"),
    Flag::new(
        &["keyservice"],
        List,
        "a remote key service (tcp://host:port); ignored with a warning: secret has none",
    )
    .env("SOPS_KEYSERVICE"),
];

/// The master keys of a new file (flags of encrypt, edit and the global ones).
pub const KEYS: &[Flag] = &[
    Flag::new(&["kms", "k"], Str, "AWS KMS key ARNs, comma-separated").env(SOPS_KMS_ARN),
    Flag::new(&["aws-profile"], Str, "the AWS profile for the KMS keys"),
    Flag::new(&["gcp-kms"], Str, "GCP KMS resource IDs, comma-separated").env("SOPS_GCP_KMS_IDS"),
    Flag::new(
        &["hckms"],
        Str,
        "HuaweiCloud KMS key IDs (not supported by secret)",
    )
    .env("SOPS_HUAWEICLOUD_KMS_IDS"),
    Flag::new(
        &["azure-kv"],
        Str,
        "Azure Key Vault key URLs, comma-separated",
    )
    .env("SOPS_AZURE_KEYVAULT_URLS"),
    Flag::new(
        &["hc-vault-transit"],
        Str,
        "Vault transit key URIs, comma-separated",
    )
    .env("SOPS_VAULT_URIS"),
    Flag::new(&["pgp", "p"], Str, "PGP fingerprints, comma-separated").env(SOPS_PGP_FP),
    Flag::new(&["age", "a"], Str, "age recipients, comma-separated").env(SOPS_AGE_RECIPIENTS),
];

pub const TYPES: &[Flag] = &[
    Flag::new(
        &["input-type"],
        Str,
        "read the input as yaml, json, dotenv, ini or binary instead of by its extension",
    ),
    Flag::new(
        &["output-type"],
        Str,
        "write the output as yaml, json, dotenv, ini or binary (default: as the input)",
    ),
];

pub const INPUT_TYPE: &[Flag] = &[Flag::new(
    &["input-type"],
    Str,
    "read the file as yaml, json, dotenv, ini or binary instead of by its extension",
)];

/// Which values are encrypted (the four a subcommand takes).
pub const SELECTOR: &[Flag] = &[
    Flag::new(
        &["unencrypted-suffix"],
        Str,
        "leave values clear whose key ends with this suffix",
    ),
    Flag::new(
        &["encrypted-suffix"],
        Str,
        "encrypt only values whose key ends with this suffix",
    ),
    Flag::new(
        &["unencrypted-regex"],
        Str,
        "leave values clear whose key matches this regex",
    ),
    Flag::new(
        &["encrypted-regex"],
        Str,
        "encrypt only values whose key matches this regex",
    ),
];

pub const CONTEXT: &[Flag] = &[Flag::new(
    &["encryption-context"],
    Str,
    "KMS encryption context, key:value pairs, comma-separated",
)];

pub const THRESHOLD: &[Flag] = &[Flag::new(
    &["shamir-secret-sharing-threshold"],
    Int,
    "how many key groups are needed to decrypt",
)];

pub const IN_PLACE: &[Flag] = &[Flag::new(
    &["in-place", "i"],
    Bool,
    "write the result back to the file instead of standard output",
)];

pub const OUTPUT: &[Flag] = &[Flag::new(
    &["output"],
    Str,
    "write the result to this file instead of standard output",
)];

pub const IGNORE_MAC: &[Flag] = &[Flag::new(
    &["ignore-mac"],
    Bool,
    "decrypt even if the file's MAC does not match",
)];

pub const OVERRIDE: &[Flag] = &[Flag::new(
    &["filename-override"],
    Str,
    "use this name for the format and the .sops.yaml rules (needed to encrypt standard input)",
)];

pub const ORDER: &[Flag] = &[Flag::new(
    &["decryption-order"],
    Str,
    "key types to try first, comma-separated (e.g. age,pgp)",
)
.env(SOPS_DECRYPTION_ORDER)];

pub const IDEMPOTENT_SET: &[Flag] = &[Flag::new(
    &["idempotent"],
    Bool,
    "leave the file untouched when the value is there already",
)];

pub const IDEMPOTENT_UNSET: &[Flag] = &[Flag::new(
    &["idempotent"],
    Bool,
    "succeed without a change when there is nothing at the path",
)];

pub const SHOW_MASTER_KEYS: &[Flag] = &[Flag::new(
    &["show-master-keys", "s"],
    Bool,
    "edit the whole file, metadata included",
)];

/// `--add-*` and `--rm-*` of `rotate` (and of the global `-r`).
pub const ROTATE_KEYS: &[Flag] = &[
    Flag::new(
        &["add-gcp-kms"],
        Str,
        "add GCP KMS resource IDs, comma-separated",
    ),
    Flag::new(&["rm-gcp-kms"], Str, "remove GCP KMS keys"),
    Flag::new(
        &["add-hckms"],
        Str,
        "add HuaweiCloud KMS keys (not supported by secret)",
    ),
    Flag::new(&["rm-hckms"], Str, "remove HuaweiCloud KMS keys"),
    Flag::new(
        &["add-azure-kv"],
        Str,
        "add Azure Key Vault key URLs, comma-separated",
    ),
    Flag::new(&["rm-azure-kv"], Str, "remove Azure Key Vault keys"),
    Flag::new(&["add-kms"], Str, "add AWS KMS key ARNs, comma-separated"),
    Flag::new(&["rm-kms"], Str, "remove AWS KMS key ARNs"),
    Flag::new(
        &["add-hc-vault-transit"],
        Str,
        "add Vault transit key URIs, comma-separated",
    ),
    Flag::new(&["rm-hc-vault-transit"], Str, "remove Vault transit keys"),
    Flag::new(&["add-age"], Str, "add age recipients, comma-separated"),
    Flag::new(&["rm-age"], Str, "remove age recipients"),
    Flag::new(&["add-pgp"], Str, "add PGP fingerprints, comma-separated"),
    Flag::new(&["rm-pgp"], Str, "remove PGP fingerprints"),
];

pub const EXEC_COMMON: &[Flag] = &[
    Flag::new(
        &["background"],
        Bool,
        "start the command and do not wait for it (deprecated)",
    ),
    Flag::new(&["user"], Str, "run the command as this user (needs root)"),
];

pub const EXEC_ENV: &[Flag] = &[
    Flag::new(
        &["pristine"],
        Bool,
        "give the command only the decrypted values, not this environment",
    ),
    Flag::new(
        &["same-process"],
        Bool,
        "become the command (exec) instead of running it as a child",
    ),
];

pub const EXEC_FILE: &[Flag] = &[
    Flag::new(
        &["no-fifo"],
        Bool,
        "hold the plaintext in a regular 0600 file instead of a named pipe",
    ),
    Flag::new(
        &["filename"],
        Str,
        "the name of the temporary file (default: tmp-file)",
    ),
];

pub const YES: &[Flag] = &[Flag::new(
    &["yes", "y"],
    Bool,
    "do not ask before making the changes",
)];

pub const PUBLISH: &[Flag] = &[
    Flag::new(
        &["omit-extensions"],
        Bool,
        "leave file extensions out of the destination path",
    ),
    Flag::new(&["recursive"], Bool, "publish every file under a directory"),
    Flag::new(&["verbose"], Bool, "say more about what is done"),
];

pub const KEYSERVICE_SERVER: &[Flag] = &[
    Flag::new(
        &["network", "net"],
        Str,
        "network to listen on (tcp or unix)",
    ),
    Flag::new(&["address", "addr"], Str, "address to listen on"),
    Flag::new(&["prompt"], Bool, "ask before answering each request"),
    Flag::new(&["verbose"], Bool, "log each request"),
];

pub const GROUP_FILE: &[Flag] = &[Flag::new(
    &["file", "f"],
    Str,
    "the encrypted file whose key groups change",
)];

pub const GROUP_KEYS: &[Flag] = &[
    Flag::new(
        &["pgp"],
        List,
        "a PGP fingerprint for the new group (repeatable)",
    ),
    Flag::new(
        &["kms"],
        List,
        "an AWS KMS key ARN for the new group (repeatable)",
    ),
    Flag::new(&["aws-profile"], Str, "the AWS profile for the KMS keys"),
    Flag::new(
        &["gcp-kms"],
        List,
        "a GCP KMS resource ID for the new group (repeatable)",
    ),
    Flag::new(&["hckms"], List, "not supported by secret"),
    Flag::new(
        &["azure-kv"],
        List,
        "an Azure Key Vault key URL for the new group (repeatable)",
    ),
    Flag::new(
        &["hc-vault-transit"],
        List,
        "a Vault transit key URI for the new group (repeatable)",
    ),
    Flag::new(
        &["age"],
        List,
        "an age recipient for the new group (repeatable)",
    ),
];

pub const HELP: &[Flag] = &[Flag::new(&["help", "h"], Bool, "show help")];

/// The global flags (those before a subcommand, or of the legacy `sops [flags] FILE`).
pub const GLOBAL: &[&[Flag]] = &[
    &[
        Flag::new(&["decrypt", "d"], Bool, "decrypt the file (legacy mode)"),
        Flag::new(&["encrypt", "e"], Bool, "encrypt the file (legacy mode)"),
        Flag::new(
            &["rotate", "r"],
            Bool,
            "new data key for the file (legacy mode)",
        ),
        Flag::new(
            &["disable-version-check"],
            Bool,
            "accepted; secret never checks for updates",
        )
        .env("SOPS_DISABLE_VERSION_CHECK"),
        Flag::new(
            &["check-for-updates"],
            Bool,
            "accepted; secret never checks for updates",
        ),
    ],
    KEYS,
    IN_PLACE,
    &[Flag::new(
        &["extract"],
        Str,
        "print only the value at this path, e.g. '[\"a\"][0]' (decrypt only)",
    )],
    TYPES,
    SHOW_MASTER_KEYS,
    ROTATE_KEYS,
    IGNORE_MAC,
    &[Flag::new(
        &["mac-only-encrypted"],
        Bool,
        "compute the MAC over encrypted values only",
    )],
    SELECTOR,
    &[
        Flag::new(
            &["unencrypted-comment-regex"],
            Str,
            "leave values clear that follow a comment matching this regex",
        ),
        Flag::new(
            &["encrypted-comment-regex"],
            Str,
            "encrypt only values that follow a comment matching this regex",
        ),
        Flag::new(
            &["config"],
            Str,
            "this .sops.yaml instead of searching the working directory and its parents",
        )
        .env("SOPS_CONFIG"),
    ],
    CONTEXT,
    &[Flag::new(
        &["set"],
        Str,
        "set a value in place: '[\"key\"][0] JSON-VALUE' (legacy mode)",
    )],
    THRESHOLD,
    &[
        Flag::new(
            &["indent"],
            Int,
            "spaces per level in re-emitted YAML or JSON",
        ),
        Flag::new(&["verbose"], Bool, "say more about what is done"),
    ],
    OUTPUT,
    OVERRIDE,
    ORDER,
    KEYSERVICE,
    HELP,
    &[Flag::new(&["version", "v"], Bool, "print the version")],
];

pub const COMMANDS: &[Command] = &[
    Command {
        name: "completion",
        args: "bash|zsh",
        about: "print a shell completion script for sops",
        flags: &[HELP],
    },
    Command {
        name: "exec-env",
        args: "FILE 'COMMAND'",
        about: "run a command (through /bin/sh -c) with the decrypted values as environment variables",
        flags: &[EXEC_COMMON, EXEC_ENV, ORDER, KEYSERVICE, HELP],
    },
    Command {
        name: "exec-file",
        args: "FILE 'COMMAND'",
        about: "run a command with the decrypted file at the path that replaces {} in it",
        flags: &[EXEC_COMMON, EXEC_FILE, TYPES, ORDER, KEYSERVICE, HELP],
    },
    Command {
        name: "publish",
        args: "FILE",
        about: "send a file where .sops.yaml's destination_rules say (Vault KV)",
        flags: &[YES, PUBLISH, ORDER, KEYSERVICE, HELP],
    },
    Command {
        name: "keyservice",
        args: "",
        about: "start a key service (not available: secret has no gRPC key service)",
        flags: &[KEYSERVICE_SERVER, HELP],
    },
    Command {
        name: "filestatus",
        args: "FILE",
        about: "print {\"encrypted\":true} or {\"encrypted\":false}",
        flags: &[INPUT_TYPE, HELP],
    },
    Command {
        name: "groups",
        args: "add|delete",
        about: "add or delete key groups of a file",
        flags: &[HELP],
    },
    Command {
        name: "updatekeys",
        args: "FILE...",
        about: "wrap the data key for the keys .sops.yaml names now",
        flags: &[YES, INPUT_TYPE, KEYSERVICE, HELP],
    },
    Command {
        name: "decrypt",
        args: "[FILE]",
        about: "decrypt a file (standard input without FILE) to standard output",
        flags: &[
            IN_PLACE,
            &[Flag::new(
                &["extract"],
                Str,
                "print only the value at this path, e.g. '[\"a\"][0]'",
            )],
            OUTPUT,
            TYPES,
            IGNORE_MAC,
            OVERRIDE,
            ORDER,
            KEYSERVICE,
            HELP,
        ],
    },
    Command {
        name: "encrypt",
        args: "[FILE]",
        about: "encrypt a file (standard input without FILE, with --filename-override) to standard output",
        flags: &[
            IN_PLACE, OUTPUT, KEYS, TYPES, SELECTOR, CONTEXT, THRESHOLD, OVERRIDE, KEYSERVICE, HELP,
        ],
    },
    Command {
        name: "rotate",
        args: "FILE",
        about: "re-encrypt every value under a new data key",
        flags: &[
            IN_PLACE,
            OUTPUT,
            TYPES,
            CONTEXT,
            ROTATE_KEYS,
            OVERRIDE,
            ORDER,
            KEYSERVICE,
            HELP,
        ],
    },
    Command {
        name: "edit",
        args: "FILE",
        about: "edit an encrypted file in $SOPS_EDITOR or $EDITOR (a new file is created)",
        flags: &[
            KEYS,
            TYPES,
            SELECTOR,
            CONTEXT,
            THRESHOLD,
            SHOW_MASTER_KEYS,
            IGNORE_MAC,
            ORDER,
            KEYSERVICE,
            HELP,
        ],
    },
    Command {
        name: "set",
        args: "FILE PATH [VALUE]",
        about: "set the value at PATH (e.g. '[\"a\"][0]') to VALUE, a JSON value, in place",
        flags: &[
            TYPES,
            &[
                Flag::new(
                    &["value-file"],
                    Bool,
                    "VALUE names a file holding the value",
                ),
                Flag::new(
                    &["value-stdin"],
                    Bool,
                    "read the value from standard input (no VALUE)",
                ),
            ],
            THRESHOLD,
            IGNORE_MAC,
            ORDER,
            IDEMPOTENT_SET,
            KEYSERVICE,
            HELP,
        ],
    },
    Command {
        name: "unset",
        args: "FILE PATH",
        about: "remove the key or list item at PATH, in place",
        flags: &[
            TYPES,
            THRESHOLD,
            IGNORE_MAC,
            ORDER,
            IDEMPOTENT_UNSET,
            KEYSERVICE,
            HELP,
        ],
    },
];

pub const GROUPS_ADD: Command = Command {
    name: "groups add",
    args: "",
    about: "add a key group to a file",
    flags: &[
        GROUP_FILE, GROUP_KEYS, IN_PLACE, THRESHOLD, CONTEXT, KEYSERVICE, HELP,
    ],
};

pub const GROUPS_DELETE: Command = Command {
    name: "groups delete",
    args: "INDEX",
    about: "delete key group INDEX of a file (`remove` is accepted too)",
    flags: &[GROUP_FILE, IN_PLACE, THRESHOLD, KEYSERVICE, HELP],
};

pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The help of a subcommand, in urfave/cli's layout.
pub fn command_help(command: &Command) -> String {
    let mut out = format!(
        "NAME:\n   sops {} - {}\n\nUSAGE:\n   sops {} [command options] {}\n\nOPTIONS:\n",
        command.name, command.about, command.name, command.args
    );
    out.push_str(&flag_lines(command.flags));
    out
}

/// The top-level help.
pub fn global_help() -> String {
    let mut out = String::from(
        "NAME:\n   sops - encrypted files (this is secret, answering as sops 3.11)\n\n\
         USAGE:\n   sops [global options] FILE            edit FILE (or -e, -d, -r, --set)\n   \
         sops [global options] COMMAND [command options] [arguments...]\n\n   \
         Flags come before the file. --config, --indent, --verbose, --mac-only-encrypted and the\n   \
         comment-regex flags go before COMMAND.\n\nCOMMANDS:\n",
    );
    for command in COMMANDS {
        out.push_str(&format!("   {:<11} {}\n", command.name, command.about));
    }
    out.push_str("   help, h     show the commands, or one command's help\n\nGLOBAL OPTIONS:\n");
    out.push_str(&flag_lines(GLOBAL));
    out.push_str(
        "\nExamples:\n   sops encrypt --age age1… -i secrets.yaml\n   \
         sops decrypt --extract '[\"db\"][\"password\"]' secrets.yaml\n   \
         sops exec-env secrets.yaml './server --port \"$PORT\"'\n",
    );
    out
}

fn flag_lines(groups: &[&[Flag]]) -> String {
    let label = |flag: &Flag| {
        let value = match flag.kind {
            Kind::Bool | Kind::BoolTrue => "",
            _ => " value",
        };
        flag.names
            .iter()
            .map(|n| {
                let dashes = if n.len() == 1 { "-" } else { "--" };
                format!("{dashes}{n}{value}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let flags: Vec<&Flag> = groups.iter().flat_map(|g| g.iter()).collect();
    let width = flags.iter().map(|f| label(f).len()).max().unwrap_or(0);
    let mut out = String::new();
    for flag in flags {
        let env = flag.env.map(|v| format!(" [${v}]")).unwrap_or_default();
        out.push_str(&format!("   {:<width$}  {}{env}\n", label(flag), flag.help));
    }
    out
}
