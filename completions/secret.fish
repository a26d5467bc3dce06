# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_secret_global_optspecs
    string join \n config= v/verbose h/help V/version
end

function __fish_secret_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_secret_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_secret_using_subcommand
    set -l cmd (__fish_secret_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c secret -n "__fish_secret_needs_command" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_needs_command" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_needs_command" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_needs_command" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_needs_command" -f -a "init" -d 'Set up a project: your age key, a .sops.yaml encrypting for it, readable git diffs'
complete -c secret -n "__fish_secret_needs_command" -f -a "keygen" -d 'Create an age key (X25519) and print its public key, the recipient to encrypt for'
complete -c secret -n "__fish_secret_needs_command" -f -a "encrypt" -d 'Encrypt a file to standard output, to -o OUT, or in place with -i'
complete -c secret -n "__fish_secret_needs_command" -f -a "decrypt" -d 'Decrypt a file to standard output, to -o OUT, or in place with -i'
complete -c secret -n "__fish_secret_needs_command" -f -a "edit" -d 'Edit an encrypted file in your editor ($SOPS_EDITOR, $VISUAL or $EDITOR)'
complete -c secret -n "__fish_secret_needs_command" -f -a "rotate" -d 'Re-encrypt a file under a new data key, for the same recipients (in place)'
complete -c secret -n "__fish_secret_needs_command" -f -a "updatekeys" -d 'Re-wrap a file\'s data key for the recipients its `.sops.yaml` creation rule names now'
complete -c secret -n "__fish_secret_needs_command" -f -a "set" -d 'Set the value at PATH in an encrypted file'
complete -c secret -n "__fish_secret_needs_command" -f -a "unset" -d 'Remove the key or list item at PATH from an encrypted file'
complete -c secret -n "__fish_secret_needs_command" -f -a "get" -d 'Print the value at PATH of an encrypted file'
complete -c secret -n "__fish_secret_needs_command" -f -a "exec" -d 'Run a program with the decrypted values as environment variables'
complete -c secret -n "__fish_secret_needs_command" -f -a "export" -d 'Print the decrypted values as environment variables, in the chosen format'
complete -c secret -n "__fish_secret_needs_command" -f -a "recipients" -d 'List who can decrypt a file, key group by key group, marking the keys you hold'
complete -c secret -n "__fish_secret_needs_command" -f -a "doctor" -d 'Check the set-up: your keys, .sops.yaml, the editor, gpg when PGP is used, AWS credentials when KMS is used'
complete -c secret -n "__fish_secret_needs_command" -f -a "git" -d 'Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check'
complete -c secret -n "__fish_secret_needs_command" -f -a "check" -d 'Check, without any key, that nothing a commit or CI must refuse is there'
complete -c secret -n "__fish_secret_needs_command" -f -a "scan" -d 'Find the project\'s secret values where they must not be: in tracked files, what is staged, and with --history every commit'
complete -c secret -n "__fish_secret_needs_command" -f -a "log" -d 'The history of an encrypted file key by key, without any key'
complete -c secret -n "__fish_secret_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c secret -n "__fish_secret_needs_command" -f -a "generate-docs" -d 'Write completions/ and man/ under DIR (for the repository and install.sh)'
complete -c secret -n "__fish_secret_needs_command" -f -a "push" -d 'Push an encrypted file\'s values to AWS SSM Parameter Store'
complete -c secret -n "__fish_secret_needs_command" -f -a "pull" -d 'Write a namespace of AWS SSM Parameter Store to an encrypted file'
complete -c secret -n "__fish_secret_needs_command" -f -a "diff" -d 'Show what `secret push --prune` would change, without changing anything'
complete -c secret -n "__fish_secret_needs_command" -f -a "ssm" -d 'chamber\'s commands: SecureString parameters named /SERVICE/KEY'
complete -c secret -n "__fish_secret_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secret -n "__fish_secret_using_subcommand init" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand init" -l age -d 'Encrypt for these recipients (comma-separated) instead of your own key' -r
complete -c secret -n "__fish_secret_using_subcommand init" -l path-regex -d 'The files the creation rule covers [default: \\.enc\\.(yaml|yml|json|env|ini)$]' -r
complete -c secret -n "__fish_secret_using_subcommand init" -l env-file -d 'The encrypted file of the `dev` environment that `secret exec` loads by default' -r
complete -c secret -n "__fish_secret_using_subcommand init" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand init" -s y -l yes -d 'Ask nothing: take the flags and the defaults, create a key if there is none'
complete -c secret -n "__fish_secret_using_subcommand init" -l force -d 'Replace an existing .sops.yaml'
complete -c secret -n "__fish_secret_using_subcommand init" -l git -d 'Also set up git here, as `secret git setup` does: decrypted diffs, key-by-key merges, a pre-commit check (asked on a terminal when in a git repository)'
complete -c secret -n "__fish_secret_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand init" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand keygen" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand keygen" -s o -l output -d 'Write the key to this file instead of the default key file' -r -F
complete -c secret -n "__fish_secret_using_subcommand keygen" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand keygen" -l print -d 'Print the key file to standard output only; no file is written'
complete -c secret -n "__fish_secret_using_subcommand keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand keygen" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s o -l output -d 'Write the result to this file instead of standard output' -r -F
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l output-type -d 'Write the result in this format (the data converted; layout and comments are not kept)' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l filename-override -d 'Treat the input as if it had this path (for the format and the creation rules)' -r -F
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s a -l age -d 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …), comma-separated. Replaces the keys of the creation rule' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s p -l pgp -d 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s k -l kms -d 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l encryption-context -d 'Encryption context for the --kms keys: `key:value,key2:value2`' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l aws-profile -d 'AWS profile for the --kms keys' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l unencrypted-suffix -d 'Leave values clear whose key (or a parent\'s) ends with this suffix' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l encrypted-suffix -d 'Encrypt only values whose key (or a parent\'s) ends with this suffix' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l unencrypted-regex -d 'Leave values clear whose key (or a parent\'s) matches this regex' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l encrypted-regex -d 'Encrypt only values whose key (or a parent\'s) matches this regex' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l unencrypted-comment-regex -d 'Leave values clear that follow a comment matching this regex' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l encrypted-comment-regex -d 'Encrypt only values that follow a comment matching this regex' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l shamir-secret-sharing-threshold -d 'Number of key groups needed to decrypt (with several key groups)' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s i -l in-place -d 'Replace FILE with the result'
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l mac-only-encrypted -d 'Compute the MAC over encrypted values only, so clear values may be edited freely'
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand decrypt" -s o -l output -d 'Write the result to this file instead of standard output' -r -F
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l output-type -d 'Write the result in this format (the data converted; layout and comments are not kept)' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l filename-override -d 'Treat the input as if it had this path (for the format and the creation rules)' -r -F
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l extract -d 'Print only the value at this path: `a.b[0]` or `["a"]["b"][0]`. A string prints raw, without a trailing newline' -r
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l decryption-order -d 'Key types to try, in order (e.g. `age,kms`)' -r
complete -c secret -n "__fish_secret_using_subcommand decrypt" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand decrypt" -s i -l in-place -d 'Replace FILE with the result'
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l ignore-mac -d 'Decrypt even if the file\'s MAC does not match (values must still authenticate)'
complete -c secret -n "__fish_secret_using_subcommand decrypt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand decrypt" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand edit" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand edit" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand edit" -s a -l age -d 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …), comma-separated. Replaces the keys of the creation rule' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -s p -l pgp -d 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -s k -l kms -d 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l encryption-context -d 'Encryption context for the --kms keys: `key:value,key2:value2`' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l aws-profile -d 'AWS profile for the --kms keys' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l unencrypted-suffix -d 'Leave values clear whose key (or a parent\'s) ends with this suffix' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l encrypted-suffix -d 'Encrypt only values whose key (or a parent\'s) ends with this suffix' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l unencrypted-regex -d 'Leave values clear whose key (or a parent\'s) matches this regex' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l encrypted-regex -d 'Encrypt only values whose key (or a parent\'s) matches this regex' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l unencrypted-comment-regex -d 'Leave values clear that follow a comment matching this regex' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l encrypted-comment-regex -d 'Encrypt only values that follow a comment matching this regex' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l shamir-secret-sharing-threshold -d 'Number of key groups needed to decrypt (with several key groups)' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand edit" -l ignore-mac -d 'Open the file even if its MAC does not match'
complete -c secret -n "__fish_secret_using_subcommand edit" -l mac-only-encrypted -d 'Compute the MAC over encrypted values only, so clear values may be edited freely'
complete -c secret -n "__fish_secret_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand edit" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand rotate" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand rotate" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand rotate" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand rotate" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -s y -l yes -d 'Do not ask for confirmation'
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand set" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand set" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand set" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand set" -l ignore-mac -d 'Open the file even if its MAC does not match'
complete -c secret -n "__fish_secret_using_subcommand set" -l json -d 'Parse VALUE as JSON instead of taking it as a string'
complete -c secret -n "__fish_secret_using_subcommand set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand set" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand unset" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand unset" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand unset" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand unset" -l ignore-mac -d 'Open the file even if its MAC does not match'
complete -c secret -n "__fish_secret_using_subcommand unset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand unset" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand get" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand get" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand get" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand get" -l ignore-mac -d 'Open the file even if its MAC does not match'
complete -c secret -n "__fish_secret_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand get" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand exec" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand exec" -s e -l environment -d 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`' -r
complete -c secret -n "__fish_secret_using_subcommand exec" -l ssm -d 'Also load the parameters of this chamber-style service (/SERVICE/KEY) from AWS SSM Parameter Store, after the files; repeatable, later services win' -r
complete -c secret -n "__fish_secret_using_subcommand exec" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand exec" -l pristine -d 'Start from an empty environment: only the secrets, and PATH=/usr/local/bin:/usr/bin:/bin'
complete -c secret -n "__fish_secret_using_subcommand exec" -l no-override -d 'Variables already set win over secrets of the same name'
complete -c secret -n "__fish_secret_using_subcommand exec" -l mask -d 'Replace every secret value in the program\'s output (and its base64 and URL-encoded forms) with `*****`. Values shorter than 4 characters are not masked'
complete -c secret -n "__fish_secret_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand exec" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand export" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand export" -s e -l environment -d 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`' -r
complete -c secret -n "__fish_secret_using_subcommand export" -l format -d 'How to write the variables' -r -f -a "dotenv\t'`KEY=value`, newlines written as `\\n`, as sops writes dotenv'
json\t'One JSON object of strings'
shell\t'`export KEY=\'value\'` lines, for `eval` in a POSIX shell'
github\t'GitHub Actions: masks on stdout, variables appended to `$GITHUB_ENV`'"
complete -c secret -n "__fish_secret_using_subcommand export" -s o -l output -d 'Write to this file (0600) instead of standard output; with `github`, the variables file instead of `$GITHUB_ENV`' -r -F
complete -c secret -n "__fish_secret_using_subcommand export" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand export" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand recipients" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand recipients" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand recipients" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand recipients" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand doctor" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand doctor" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "setup" -d 'Make git diff, merge and commit encrypted files safely: run once per clone'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "textconv" -d 'What git runs to show an encrypted file in a diff: the plaintext, or the file as it is (with a note) when it cannot be decrypted. Always exits 0'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "merge-driver" -d 'What git runs to merge an encrypted file: merges BASE, OURS and THEIRS by key path into OURS; exits 1 when values hold conflicts (both sides, between markers)'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -l program -d 'How git and the hook run secret [default: the path of this secret]' -r
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -l uninstall -d 'Remove what setup installed: the .gitattributes block, the git configuration, the hook (putting back the one it replaced)'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from textconv" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from textconv" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from textconv" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from textconv" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Make git diff, merge and commit encrypted files safely: run once per clone'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "textconv" -d 'What git runs to show an encrypted file in a diff: the plaintext, or the file as it is (with a note) when it cannot be decrypted. Always exits 0'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "merge-driver" -d 'What git runs to merge an encrypted file: merges BASE, OURS and THEIRS by key path into OURS; exits 1 when values hold conflicts (both sides, between markers)'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secret -n "__fish_secret_using_subcommand check" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand check" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand check" -l staged -d 'Check the staged versions (what the next commit holds) instead of the working tree'
complete -c secret -n "__fish_secret_using_subcommand check" -l allow-drift -d 'Report recipients or settings that differ from .sops.yaml without failing'
complete -c secret -n "__fish_secret_using_subcommand check" -l no-decrypt -d 'Do not decrypt anything, even with a key at hand (skips the check for unresolved merge conflicts and of the MAC)'
complete -c secret -n "__fish_secret_using_subcommand check" -l json -d 'Print the findings as JSON: {"checked": N, "findings": [{"file", "key", "problem", "drift", "message"}], "not_decrypted": N}'
complete -c secret -n "__fish_secret_using_subcommand check" -s q -l quiet -d 'Print nothing when nothing is found'
complete -c secret -n "__fish_secret_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand check" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand scan" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand scan" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand scan" -l history -d 'Also search every file of every commit (all branches and tags)'
complete -c secret -n "__fish_secret_using_subcommand scan" -l json -d 'Print the findings as JSON'
complete -c secret -n "__fish_secret_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand scan" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand log" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand log" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand log" -l readers -d 'Show who could decrypt each version, and (with KEYPATH) everyone who ever could'
complete -c secret -n "__fish_secret_using_subcommand log" -l json -d 'Print the history as JSON'
complete -c secret -n "__fish_secret_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand log" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand completions" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand completions" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand completions" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand generate-docs" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand generate-docs" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand generate-docs" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand push" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand push" -l to -d 'The namespace to push to, e.g. /app/prod' -r
complete -c secret -n "__fish_secret_using_subcommand push" -s e -l environment -d 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name' -r
complete -c secret -n "__fish_secret_using_subcommand push" -l kms-key -d 'The KMS key (id, ARN, alias/NAME) to encrypt new values with; default: SSM\'s own key, alias/aws/ssm' -r
complete -c secret -n "__fish_secret_using_subcommand push" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand push" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand push" -l prune -d 'Delete parameters of the namespace that are not in the file'
complete -c secret -n "__fish_secret_using_subcommand push" -l dry-run -d 'Print the plan and stop'
complete -c secret -n "__fish_secret_using_subcommand push" -s y -l yes -d 'Apply the plan without asking'
complete -c secret -n "__fish_secret_using_subcommand push" -l advanced -d 'Store values above 4 KB in the Advanced tier (charged by AWS), up to 8 KB'
complete -c secret -n "__fish_secret_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand push" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand pull" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand pull" -s e -l environment -d 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -s o -l output -d 'The encrypted file to write or update' -r -F
complete -c secret -n "__fish_secret_using_subcommand pull" -s a -l age -d 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …), comma-separated. Replaces the keys of the creation rule' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -s p -l pgp -d 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -s k -l kms -d 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l encryption-context -d 'Encryption context for the --kms keys: `key:value,key2:value2`' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l aws-profile -d 'AWS profile for the --kms keys' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l unencrypted-suffix -d 'Leave values clear whose key (or a parent\'s) ends with this suffix' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l encrypted-suffix -d 'Encrypt only values whose key (or a parent\'s) ends with this suffix' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l unencrypted-regex -d 'Leave values clear whose key (or a parent\'s) matches this regex' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l encrypted-regex -d 'Encrypt only values whose key (or a parent\'s) matches this regex' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l unencrypted-comment-regex -d 'Leave values clear that follow a comment matching this regex' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l encrypted-comment-regex -d 'Encrypt only values that follow a comment matching this regex' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l shamir-secret-sharing-threshold -d 'Number of key groups needed to decrypt (with several key groups)' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand pull" -l dry-run -d 'Print the plan and stop'
complete -c secret -n "__fish_secret_using_subcommand pull" -l mac-only-encrypted -d 'Compute the MAC over encrypted values only, so clear values may be edited freely'
complete -c secret -n "__fish_secret_using_subcommand pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand pull" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand diff" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand diff" -s e -l environment -d 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name' -r
complete -c secret -n "__fish_secret_using_subcommand diff" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand diff" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand diff" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -f -a "write" -d 'Write one secret (a SecureString, key lower-cased as chamber does)'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -f -a "read" -d 'Read one secret'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -f -a "list" -d 'List a service\'s keys (values only with --expand)'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -f -a "delete" -d 'Delete one secret'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -f -a "history" -d 'The versions of one secret: when and by whom, never the values'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -f -a "export" -d 'Write the secrets of services as variables (later services win), 0600 with -o'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -f -a "import" -d 'Write the keys of a flat JSON or YAML object to a service, only those that changed'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -l kms-key -d 'The KMS key to encrypt with; default: SSM\'s own key, alias/aws/ssm' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -s s -l singleline -d 'With `-`: read only the first line, without its line break'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -l advanced -d 'Allow a value above 4 KB (Advanced tier, charged by AWS), up to 8 KB'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -s q -l quiet -d 'Print only the value'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -s e -l expand -d 'Also print the values'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -s f -l format -d 'How to write the variables' -r -f -a "dotenv\t'`KEY=value`, newlines written as `\\n`, as sops writes dotenv'
json\t'One JSON object of strings'
shell\t'`export KEY=\'value\'` lines, for `eval` in a POSIX shell'
github\t'GitHub Actions: masks on stdout, variables appended to `$GITHUB_ENV`'"
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to this file (0600) instead of standard output' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from import" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from import" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from help" -f -a "write" -d 'Write one secret (a SecureString, key lower-cased as chamber does)'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from help" -f -a "read" -d 'Read one secret'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from help" -f -a "list" -d 'List a service\'s keys (values only with --expand)'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete one secret'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from help" -f -a "history" -d 'The versions of one secret: when and by whom, never the values'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the secrets of services as variables (later services win), 0600 with -o'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from help" -f -a "import" -d 'Write the keys of a flat JSON or YAML object to a service, only those that changed'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "init" -d 'Set up a project: your age key, a .sops.yaml encrypting for it, readable git diffs'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "keygen" -d 'Create an age key (X25519) and print its public key, the recipient to encrypt for'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "encrypt" -d 'Encrypt a file to standard output, to -o OUT, or in place with -i'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "decrypt" -d 'Decrypt a file to standard output, to -o OUT, or in place with -i'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "edit" -d 'Edit an encrypted file in your editor ($SOPS_EDITOR, $VISUAL or $EDITOR)'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "rotate" -d 'Re-encrypt a file under a new data key, for the same recipients (in place)'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "updatekeys" -d 'Re-wrap a file\'s data key for the recipients its `.sops.yaml` creation rule names now'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "set" -d 'Set the value at PATH in an encrypted file'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "unset" -d 'Remove the key or list item at PATH from an encrypted file'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "get" -d 'Print the value at PATH of an encrypted file'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "exec" -d 'Run a program with the decrypted values as environment variables'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "export" -d 'Print the decrypted values as environment variables, in the chosen format'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "recipients" -d 'List who can decrypt a file, key group by key group, marking the keys you hold'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "doctor" -d 'Check the set-up: your keys, .sops.yaml, the editor, gpg when PGP is used, AWS credentials when KMS is used'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "git" -d 'Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "check" -d 'Check, without any key, that nothing a commit or CI must refuse is there'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "scan" -d 'Find the project\'s secret values where they must not be: in tracked files, what is staged, and with --history every commit'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "log" -d 'The history of an encrypted file key by key, without any key'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "generate-docs" -d 'Write completions/ and man/ under DIR (for the repository and install.sh)'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "push" -d 'Push an encrypted file\'s values to AWS SSM Parameter Store'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "pull" -d 'Write a namespace of AWS SSM Parameter Store to an encrypted file'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "diff" -d 'Show what `secret push --prune` would change, without changing anything'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "ssm" -d 'chamber\'s commands: SecureString parameters named /SERVICE/KEY'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec export recipients doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
