# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_secret_global_optspecs
    string join \n config= v/verbose max-input-size= h/help V/version
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
complete -c secret -n "__fish_secret_needs_command" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
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
complete -c secret -n "__fish_secret_needs_command" -f -a "exec-file" -d 'Run a program that reads the decrypted file by path (`{}` in its arguments)'
complete -c secret -n "__fish_secret_needs_command" -f -a "export" -d 'Print the decrypted values as environment variables, in the chosen format'
complete -c secret -n "__fish_secret_needs_command" -f -a "render" -d 'Fill a configuration file template with decrypted values'
complete -c secret -n "__fish_secret_needs_command" -f -a "recipients" -d 'Who can decrypt a file; people joining (`add`) and leaving (`remove`) in one command'
complete -c secret -n "__fish_secret_needs_command" -f -a "publish" -d 'Publish files where `.sops.yaml`\'s destination_rules say (Vault or OpenBao KV)'
complete -c secret -n "__fish_secret_needs_command" -f -a "sops" -d 'Run as sops 3.11: `secret sops decrypt f.yaml` is `sops decrypt f.yaml`'
complete -c secret -n "__fish_secret_needs_command" -f -a "doctor" -d 'Check the set-up: your keys (passphrase-protected ones and age plugins included), .sops.yaml, the editor, gpg when PGP is used, AWS, Vault, GCP or Azure credentials when their keys are used, and files whose recipients lag their creation rule'
complete -c secret -n "__fish_secret_needs_command" -f -a "git" -d 'Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check'
complete -c secret -n "__fish_secret_needs_command" -f -a "check" -d 'Check, without any key, that nothing a commit or CI must refuse is there'
complete -c secret -n "__fish_secret_needs_command" -f -a "scan" -d 'Find the project\'s secret values where they must not be: in tracked files, what is staged, and with --history every commit'
complete -c secret -n "__fish_secret_needs_command" -f -a "log" -d 'The history of an encrypted file key by key, without any key'
complete -c secret -n "__fish_secret_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c secret -n "__fish_secret_needs_command" -f -a "generate-docs" -d 'Write completions/ and man/ under DIR (for the repository and install.sh)'
complete -c secret -n "__fish_secret_needs_command" -f -a "push" -d 'Push an encrypted file\'s values to AWS SSM Parameter Store (or Secrets Manager)'
complete -c secret -n "__fish_secret_needs_command" -f -a "pull" -d 'Write a namespace of AWS SSM Parameter Store (or Secrets Manager) to an encrypted file'
complete -c secret -n "__fish_secret_needs_command" -f -a "diff" -d 'Show what `secret push --prune` would change, without changing anything'
complete -c secret -n "__fish_secret_needs_command" -f -a "ssm" -d 'chamber\'s commands: SecureString parameters named /SERVICE/KEY'
complete -c secret -n "__fish_secret_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secret -n "__fish_secret_using_subcommand init" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand init" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
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
complete -c secret -n "__fish_secret_using_subcommand keygen" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand keygen" -s o -l output -d 'Write the key to this file instead of the default key file' -r -F
complete -c secret -n "__fish_secret_using_subcommand keygen" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand keygen" -l print -d 'Print the key file to standard output only; no file is written'
complete -c secret -n "__fish_secret_using_subcommand keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand keygen" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
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
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s r -l recursive -d 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out' -r -f -a "(__fish_complete_directories)"
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l output-dir -d 'With several files: write each, encrypted, to DIR/ its path (relative to its -r directory, or as named), instead of in place' -r -F
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s a -l age -d 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin\'s age1NAME1…), comma-separated. Replaces the keys of the creation rule' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s p -l pgp -d 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -s k -l kms -d 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l encryption-context -d 'Encryption context for the --kms keys: `key:value,key2:value2`' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l aws-profile -d 'AWS profile for the --kms keys' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l hc-vault-transit -d 'HashiCorp Vault or OpenBao transit keys, comma-separated URIs (https://vault.example.com:8200/v1/transit/keys/NAME); the token comes from VAULT_TOKEN or ~/.vault-token' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l gcp-kms -d 'GCP KMS keys, comma-separated resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K); credentials as gcloud\'s application default credentials, GOOGLE_CREDENTIALS or GOOGLE_OAUTH_ACCESS_TOKEN' -r
complete -c secret -n "__fish_secret_using_subcommand encrypt" -l azure-kv -d 'Azure Key Vault keys, comma-separated URLs (https://VAULT.vault.azure.net/keys/NAME/VERSION; without VERSION, the latest); credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az login`' -r
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
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
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
complete -c secret -n "__fish_secret_using_subcommand decrypt" -s r -l recursive -d 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out' -r -f -a "(__fish_complete_directories)"
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l output-dir -d 'With several files: write each, decrypted (0600, in 0700 directories), to DIR/ its path (relative to its -r directory, or as named), instead of in place. Several files are never decrypted to standard output: it could not keep them apart' -r -F
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l extract -d 'Print only the value at this path: `a.b[0]` or `["a"]["b"][0]`. A string prints raw, without a trailing newline' -r
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l decryption-order -d 'Key types to try, in order (e.g. `age,kms`)' -r
complete -c secret -n "__fish_secret_using_subcommand decrypt" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand decrypt" -s i -l in-place -d 'Replace FILE with the result'
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l ignore-mac -d 'Decrypt even if the file\'s MAC does not match (values must still authenticate)'
complete -c secret -n "__fish_secret_using_subcommand decrypt" -l textconv -d 'For git\'s `diff.secret.textconv`: when no key of yours opens the file (or it cannot be decrypted, or is not encrypted), print it as stored, after a one-line `# secret:` note, and exit 0, so `git diff` works for teammates without the key'
complete -c secret -n "__fish_secret_using_subcommand decrypt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand decrypt" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand edit" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand edit" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand edit" -s a -l age -d 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin\'s age1NAME1…), comma-separated. Replaces the keys of the creation rule' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -s p -l pgp -d 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -s k -l kms -d 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l encryption-context -d 'Encryption context for the --kms keys: `key:value,key2:value2`' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l aws-profile -d 'AWS profile for the --kms keys' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l hc-vault-transit -d 'HashiCorp Vault or OpenBao transit keys, comma-separated URIs (https://vault.example.com:8200/v1/transit/keys/NAME); the token comes from VAULT_TOKEN or ~/.vault-token' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l gcp-kms -d 'GCP KMS keys, comma-separated resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K); credentials as gcloud\'s application default credentials, GOOGLE_CREDENTIALS or GOOGLE_OAUTH_ACCESS_TOKEN' -r
complete -c secret -n "__fish_secret_using_subcommand edit" -l azure-kv -d 'Azure Key Vault keys, comma-separated URLs (https://VAULT.vault.azure.net/keys/NAME/VERSION; without VERSION, the latest); credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az login`' -r
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
complete -c secret -n "__fish_secret_using_subcommand rotate" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand rotate" -s r -l recursive -d 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out' -r -f -a "(__fish_complete_directories)"
complete -c secret -n "__fish_secret_using_subcommand rotate" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand rotate" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand rotate" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -s r -l recursive -d 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out' -r -f -a "(__fish_complete_directories)"
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -s y -l yes -d 'Do not ask for confirmation'
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -l rotate -d 'Also give a new data key (every value re-encrypted, as `secret rotate` does) to each file that loses a recipient, in the same write: a key that leaves cannot open even a copy of the new file it kept the old data key of'
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand updatekeys" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand set" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand set" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand set" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand set" -l generate -d 'Store a new random value of LEN characters (default 32) instead of VALUE: drawn from the operating system\'s generator, uniformly over --charset (rejection sampling, no modulo bias). It is never shown, nor passed in any argument; `secret get` prints it' -r
complete -c secret -n "__fish_secret_using_subcommand set" -l charset -d 'The characters of a --generate value: alnum (A-Z a-z 0-9, the default), alpha, digits, hex (0-9 a-f), base64 (A-Z a-z 0-9 + /), base64url (A-Z a-z 0-9 - _), ascii (every printable character but space)' -r -f -a "alnum\t''
alpha\t''
digits\t''
hex\t''
base64\t''
base64url\t''
ascii\t''"
complete -c secret -n "__fish_secret_using_subcommand set" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand set" -l ignore-mac -d 'Open the file even if its MAC does not match'
complete -c secret -n "__fish_secret_using_subcommand set" -l json -d 'Parse VALUE as JSON instead of taking it as a string'
complete -c secret -n "__fish_secret_using_subcommand set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand set" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand unset" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand unset" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand unset" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand unset" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand unset" -l ignore-mac -d 'Open the file even if its MAC does not match'
complete -c secret -n "__fish_secret_using_subcommand unset" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand unset" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand get" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand get" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
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
complete -c secret -n "__fish_secret_using_subcommand exec" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand exec" -s e -l environment -d 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`' -r
complete -c secret -n "__fish_secret_using_subcommand exec" -l ssm -d 'Also load the parameters of this chamber-style service (/SERVICE/KEY) from AWS SSM Parameter Store, after the files; repeatable, later services win' -r
complete -c secret -n "__fish_secret_using_subcommand exec" -l secrets-manager -d 'Also load the AWS Secrets Manager secret NAME, a JSON object of values (with --per-key, every secret NAME/KEY), after the files and services; repeatable, later secrets win. Nested keys join with `_`: `{"db/host": …}` gives `db_host`' -r
complete -c secret -n "__fish_secret_using_subcommand exec" -l render -d 'Fill the template TEMPLATE with the files\' values (as `secret render` does) and give it to the program as PATH in a private directory (0700, RAM-backed; files 0600), removed when the program ends; repeatable' -r
complete -c secret -n "__fish_secret_using_subcommand exec" -l watch-interval -d 'With --watch: how often SSM services and Secrets Manager secrets are read again (e.g. 30s, 5m); files are watched, not read on an interval' -r
complete -c secret -n "__fish_secret_using_subcommand exec" -l grace -d 'With --watch: how long the program has to exit after SIGTERM before a restart kills it (SIGKILL)' -r
complete -c secret -n "__fish_secret_using_subcommand exec" -l reload-signal -d 'With --watch: send this signal (HUP, USR1, …) instead of restarting. The program keeps the environment it started with: use it for a program that reads its secrets again by itself when signalled' -r
complete -c secret -n "__fish_secret_using_subcommand exec" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand exec" -l pristine -d 'Start from an empty environment: only the secrets, and PATH=/usr/local/bin:/usr/bin:/bin'
complete -c secret -n "__fish_secret_using_subcommand exec" -l per-key -d 'With --secrets-manager: each NAME is the prefix of one secret per value (NAME/KEY)'
complete -c secret -n "__fish_secret_using_subcommand exec" -l no-override -d 'Variables already set win over secrets of the same name'
complete -c secret -n "__fish_secret_using_subcommand exec" -l mask -d 'Replace every secret value in the program\'s output, and the forms it leaks in, with `*****`. Values shorter than 4 characters are not masked'
complete -c secret -n "__fish_secret_using_subcommand exec" -l watch -d 'Keep the program running under secret and reload the secrets when they change: the files when they are written (debounced by 200 ms), SSM services and Secrets Manager secrets every --watch-interval. New values restart the program (SIGTERM, --grace, then SIGKILL), or with --reload-signal signal it. A change that fails to load (a file that does not decrypt) keeps the program running on the values it has, and says why on stderr. secret exits with the program\'s status when it exits by itself, and passes signals on to it as with --mask. Not with --render, whose files are written once'
complete -c secret -n "__fish_secret_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand exec" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand exec-file" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand exec-file" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand exec-file" -l input-type -d 'Read FILE as this format instead of guessing from its extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand exec-file" -l output-type -d 'Hand the program the file in this format (converted; comments are not kept)' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand exec-file" -l filename -d 'The file\'s name, for programs that look at its extension' -r
complete -c secret -n "__fish_secret_using_subcommand exec-file" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand exec-file" -l ignore-mac -d 'Open the file even if its MAC does not match'
complete -c secret -n "__fish_secret_using_subcommand exec-file" -l no-fifo -d 'A regular file (0600) instead of a named pipe: for programs that read the file twice, seek in it, or check that it is a regular file'
complete -c secret -n "__fish_secret_using_subcommand exec-file" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand exec-file" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand export" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand export" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand export" -s e -l environment -d 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`' -r
complete -c secret -n "__fish_secret_using_subcommand export" -l format -d 'How to write the variables' -r -f -a "dotenv\t'`KEY=value`, newlines written as `\\n`, as sops writes dotenv'
json\t'One JSON object of strings'
shell\t'`export KEY=\'value\'` lines, for `eval` in a POSIX shell'
github\t'GitHub Actions: masks on stdout, variables appended to `$GITHUB_ENV`'
k8s\t'A Kubernetes v1/Secret manifest (`secret export` only; see its --help)'"
complete -c secret -n "__fish_secret_using_subcommand export" -s o -l output -d 'Write to this file (0600) instead of standard output; with `github`, the variables file instead of `$GITHUB_ENV`' -r -F
complete -c secret -n "__fish_secret_using_subcommand export" -l name -d 'The Secret\'s name. Default: from the file\'s name (`app.enc.yaml` → `app`), or with -e the environment\'s; needed with several files' -r
complete -c secret -n "__fish_secret_using_subcommand export" -l namespace -d 'The Secret\'s namespace (none: kubectl\'s current one)' -r
complete -c secret -n "__fish_secret_using_subcommand export" -l type -d 'The Secret\'s type [default: Opaque], e.g. kubernetes.io/tls' -r
complete -c secret -n "__fish_secret_using_subcommand export" -l label -d 'A label, KEY=VALUE; repeatable' -r
complete -c secret -n "__fish_secret_using_subcommand export" -l k8s-data -d '`string` writes stringData (default), `base64` writes data' -r -f -a "string\t'`stringData:` the values as text (the API server encodes them)'
base64\t'`data:` the values base64-encoded, as `kubectl get secret -o yaml` shows them'"
complete -c secret -n "__fish_secret_using_subcommand export" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand export" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand render" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand render" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand render" -s e -l environment -d 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`' -r
complete -c secret -n "__fish_secret_using_subcommand render" -s o -l output -d 'Write to this file (0600, replaced atomically, nothing written on any error) instead of standard output' -r -F
complete -c secret -n "__fish_secret_using_subcommand render" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand render" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand recipients; and not __fish_seen_subcommand_from show add remove help" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand recipients; and not __fish_seen_subcommand_from show add remove help" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand recipients; and not __fish_seen_subcommand_from show add remove help" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand recipients; and not __fish_seen_subcommand_from show add remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand recipients; and not __fish_seen_subcommand_from show add remove help" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand recipients; and not __fish_seen_subcommand_from show add remove help" -a "show" -d 'List who can decrypt a file, key group by key group, marking the keys you hold'
complete -c secret -n "__fish_secret_using_subcommand recipients; and not __fish_seen_subcommand_from show add remove help" -a "add" -d 'Give a key access: add it to the creation rules of .sops.yaml and re-encrypt the data key of every file they cover for it, in one pass'
complete -c secret -n "__fish_secret_using_subcommand recipients; and not __fish_seen_subcommand_from show add remove help" -a "remove" -d 'Take a key\'s access away: remove it from the creation rules, give every file they cover a new data key, and list what the key could read'
complete -c secret -n "__fish_secret_using_subcommand recipients; and not __fish_seen_subcommand_from show add remove help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from show" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from show" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from add" -l name -d 'A name for the key (one key only), kept under `secret: names:` in .sops.yaml and shown beside the key by `recipients`, `doctor` and `recipients remove NAME`' -r
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from add" -l group -d 'In rules with several key groups, the group to add the key to (from 0)' -r
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from add" -l rule -d 'Only this creation rule: its position in creation_rules (from 0) or its path_regex as written; repeatable. Default: every rule' -r
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from add" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from add" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from add" -l dry-run -d 'Show what would change (and, for remove, what the key could read); change nothing'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l rule -d 'Only this creation rule: its position in creation_rules (from 0) or its path_regex as written; repeatable. Default: every rule' -r
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l dry-run -d 'Show what would change (and, for remove, what the key could read); change nothing'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "show" -d 'List who can decrypt a file, key group by key group, marking the keys you hold'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "add" -d 'Give a key access: add it to the creation rules of .sops.yaml and re-encrypt the data key of every file they cover for it, in one pass'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Take a key\'s access away: remove it from the creation rules, give every file they cover a new data key, and list what the key could read'
complete -c secret -n "__fish_secret_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secret -n "__fish_secret_using_subcommand publish" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand publish" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand publish" -l input-type -d 'Read the files as this format instead of guessing from their extensions' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c secret -n "__fish_secret_using_subcommand publish" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand publish" -s y -l yes -d 'Do not ask before each file'
complete -c secret -n "__fish_secret_using_subcommand publish" -l recursive -d 'Publish every file under PATH, named by its path below it'
complete -c secret -n "__fish_secret_using_subcommand publish" -l omit-extensions -d 'Leave the file extension out of the destination\'s name'
complete -c secret -n "__fish_secret_using_subcommand publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand publish" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand sops" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand sops" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand sops" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand sops" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand doctor" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand doctor" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand doctor" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup merge-driver help" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup merge-driver help" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup merge-driver help" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup merge-driver help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup merge-driver help" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup merge-driver help" -f -a "setup" -d 'Make git diff, merge and commit encrypted files safely: run once per clone'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup merge-driver help" -f -a "merge-driver" -d 'What git runs to merge an encrypted file: merges BASE, OURS and THEIRS by key path into OURS; exits 1 when values hold conflicts (both sides, between markers)'
complete -c secret -n "__fish_secret_using_subcommand git; and not __fish_seen_subcommand_from setup merge-driver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -l program -d 'How git and the hook run secret [default: the path of this secret]' -r
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -l uninstall -d 'Remove what setup installed: the .gitattributes block, the git configuration, the hook (putting back the one it replaced)'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from setup" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Make git diff, merge and commit encrypted files safely: run once per clone'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "merge-driver" -d 'What git runs to merge an encrypted file: merges BASE, OURS and THEIRS by key path into OURS; exits 1 when values hold conflicts (both sides, between markers)'
complete -c secret -n "__fish_secret_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c secret -n "__fish_secret_using_subcommand check" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand check" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand check" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand check" -l staged -d 'Check the staged versions (what the next commit holds) instead of the working tree'
complete -c secret -n "__fish_secret_using_subcommand check" -l allow-drift -d 'Report recipients or settings that differ from .sops.yaml without failing'
complete -c secret -n "__fish_secret_using_subcommand check" -l no-decrypt -d 'Do not decrypt anything, even with a key at hand (skips the check for unresolved merge conflicts and of the MAC)'
complete -c secret -n "__fish_secret_using_subcommand check" -l json -d 'Print the findings as JSON: {"checked": N, "findings": [{"file", "key", "problem", "drift", "message"}], "not_decrypted": N}'
complete -c secret -n "__fish_secret_using_subcommand check" -s q -l quiet -d 'Print nothing when nothing is found'
complete -c secret -n "__fish_secret_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand check" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand scan" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand scan" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand scan" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand scan" -l history -d 'Also search every file of every commit (all branches and tags)'
complete -c secret -n "__fish_secret_using_subcommand scan" -l json -d 'Print the findings as JSON'
complete -c secret -n "__fish_secret_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand scan" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand log" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand log" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand log" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand log" -l readers -d 'Show who could decrypt each version, and (with KEYPATH) everyone who ever could'
complete -c secret -n "__fish_secret_using_subcommand log" -l json -d 'Print the history as JSON'
complete -c secret -n "__fish_secret_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand log" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand completions" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand completions" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand completions" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand completions" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand generate-docs" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand generate-docs" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand generate-docs" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand generate-docs" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand push" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand push" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand push" -l to -d 'The namespace to push to, e.g. /app/prod' -r
complete -c secret -n "__fish_secret_using_subcommand push" -s e -l environment -d 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name' -r
complete -c secret -n "__fish_secret_using_subcommand push" -l secrets-manager -d 'AWS Secrets Manager instead of SSM: the secret NAME holds the file as one JSON object of strings, keyed by the file\'s keys joined with `/` (`{"db/host": "…"}`); with --per-key, one secret per value, named NAME/KEY' -r
complete -c secret -n "__fish_secret_using_subcommand push" -l kms-key -d 'The KMS key (id, ARN, alias/NAME) to encrypt new values with; default: the service\'s own key (alias/aws/ssm, or aws/secretsmanager)' -r
complete -c secret -n "__fish_secret_using_subcommand push" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand push" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand push" -l per-key -d 'With --secrets-manager: one secret per value, named NAME/KEY (e.g. app/prod/db/host), instead of one JSON secret'
complete -c secret -n "__fish_secret_using_subcommand push" -l prune -d 'Delete parameters of the namespace that are not in the file (with --secrets-manager: drop the JSON keys not in the file, or schedule their secrets for deletion)'
complete -c secret -n "__fish_secret_using_subcommand push" -l dry-run -d 'Print the plan and stop'
complete -c secret -n "__fish_secret_using_subcommand push" -s y -l yes -d 'Apply the plan without asking'
complete -c secret -n "__fish_secret_using_subcommand push" -l advanced -d 'Store values above 4 KB in the Advanced tier (charged by AWS), up to 8 KB'
complete -c secret -n "__fish_secret_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand push" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand pull" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand pull" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -s e -l environment -d 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l secrets-manager -d 'AWS Secrets Manager instead of SSM: the secret NAME holds the file as one JSON object of strings, keyed by the file\'s keys joined with `/` (`{"db/host": "…"}`); with --per-key, one secret per value, named NAME/KEY' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -s o -l output -d 'The encrypted file to write or update' -r -F
complete -c secret -n "__fish_secret_using_subcommand pull" -s a -l age -d 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin\'s age1NAME1…), comma-separated. Replaces the keys of the creation rule' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -s p -l pgp -d 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -s k -l kms -d 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l encryption-context -d 'Encryption context for the --kms keys: `key:value,key2:value2`' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l aws-profile -d 'AWS profile for the --kms keys' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l hc-vault-transit -d 'HashiCorp Vault or OpenBao transit keys, comma-separated URIs (https://vault.example.com:8200/v1/transit/keys/NAME); the token comes from VAULT_TOKEN or ~/.vault-token' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l gcp-kms -d 'GCP KMS keys, comma-separated resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K); credentials as gcloud\'s application default credentials, GOOGLE_CREDENTIALS or GOOGLE_OAUTH_ACCESS_TOKEN' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l azure-kv -d 'Azure Key Vault keys, comma-separated URLs (https://VAULT.vault.azure.net/keys/NAME/VERSION; without VERSION, the latest); credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az login`' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l unencrypted-suffix -d 'Leave values clear whose key (or a parent\'s) ends with this suffix' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l encrypted-suffix -d 'Encrypt only values whose key (or a parent\'s) ends with this suffix' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l unencrypted-regex -d 'Leave values clear whose key (or a parent\'s) matches this regex' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l encrypted-regex -d 'Encrypt only values whose key (or a parent\'s) matches this regex' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l unencrypted-comment-regex -d 'Leave values clear that follow a comment matching this regex' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l encrypted-comment-regex -d 'Encrypt only values that follow a comment matching this regex' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -l shamir-secret-sharing-threshold -d 'Number of key groups needed to decrypt (with several key groups)' -r
complete -c secret -n "__fish_secret_using_subcommand pull" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand pull" -l per-key -d 'With --secrets-manager: one secret per value, named NAME/KEY (e.g. app/prod/db/host), instead of one JSON secret'
complete -c secret -n "__fish_secret_using_subcommand pull" -l dry-run -d 'Print the plan and stop'
complete -c secret -n "__fish_secret_using_subcommand pull" -l mac-only-encrypted -d 'Compute the MAC over encrypted values only, so clear values may be edited freely'
complete -c secret -n "__fish_secret_using_subcommand pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand pull" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand diff" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand diff" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand diff" -s e -l environment -d 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name' -r
complete -c secret -n "__fish_secret_using_subcommand diff" -l secrets-manager -d 'AWS Secrets Manager instead of SSM: the secret NAME holds the file as one JSON object of strings, keyed by the file\'s keys joined with `/` (`{"db/host": "…"}`); with --per-key, one secret per value, named NAME/KEY' -r
complete -c secret -n "__fish_secret_using_subcommand diff" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand diff" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand diff" -l per-key -d 'With --secrets-manager: one secret per value, named NAME/KEY (e.g. app/prod/db/host), instead of one JSON secret'
complete -c secret -n "__fish_secret_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand diff" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and not __fish_seen_subcommand_from write read list delete history export import help" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
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
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -s s -l singleline -d 'With `-`: read only the first line, without its line break'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -l advanced -d 'Allow a value above 4 KB (Advanced tier, charged by AWS), up to 8 KB'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from write" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -s q -l quiet -d 'Print only the value'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from read" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -s e -l expand -d 'Also print the values'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -s f -l format -d 'How to write the variables' -r -f -a "dotenv\t'`KEY=value`, newlines written as `\\n`, as sops writes dotenv'
json\t'One JSON object of strings'
shell\t'`export KEY=\'value\'` lines, for `eval` in a POSIX shell'
github\t'GitHub Actions: masks on stdout, variables appended to `$GITHUB_ENV`'
k8s\t'A Kubernetes v1/Secret manifest (`secret export` only; see its --help)'"
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to this file (0600) instead of standard output' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -l aws-profile -d 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)' -r
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from import" -l config -d 'Use this .sops.yaml instead of searching for one' -r -F
complete -c secret -n "__fish_secret_using_subcommand ssm; and __fish_seen_subcommand_from import" -l max-input-size -d 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine\'s memory' -r
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
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "init" -d 'Set up a project: your age key, a .sops.yaml encrypting for it, readable git diffs'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "keygen" -d 'Create an age key (X25519) and print its public key, the recipient to encrypt for'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "encrypt" -d 'Encrypt a file to standard output, to -o OUT, or in place with -i'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "decrypt" -d 'Decrypt a file to standard output, to -o OUT, or in place with -i'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "edit" -d 'Edit an encrypted file in your editor ($SOPS_EDITOR, $VISUAL or $EDITOR)'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "rotate" -d 'Re-encrypt a file under a new data key, for the same recipients (in place)'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "updatekeys" -d 'Re-wrap a file\'s data key for the recipients its `.sops.yaml` creation rule names now'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "set" -d 'Set the value at PATH in an encrypted file'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "unset" -d 'Remove the key or list item at PATH from an encrypted file'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "get" -d 'Print the value at PATH of an encrypted file'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "exec" -d 'Run a program with the decrypted values as environment variables'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "exec-file" -d 'Run a program that reads the decrypted file by path (`{}` in its arguments)'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "export" -d 'Print the decrypted values as environment variables, in the chosen format'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "render" -d 'Fill a configuration file template with decrypted values'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "recipients" -d 'Who can decrypt a file; people joining (`add`) and leaving (`remove`) in one command'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "publish" -d 'Publish files where `.sops.yaml`\'s destination_rules say (Vault or OpenBao KV)'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "sops" -d 'Run as sops 3.11: `secret sops decrypt f.yaml` is `sops decrypt f.yaml`'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "doctor" -d 'Check the set-up: your keys (passphrase-protected ones and age plugins included), .sops.yaml, the editor, gpg when PGP is used, AWS, Vault, GCP or Azure credentials when their keys are used, and files whose recipients lag their creation rule'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "git" -d 'Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "check" -d 'Check, without any key, that nothing a commit or CI must refuse is there'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "scan" -d 'Find the project\'s secret values where they must not be: in tracked files, what is staged, and with --history every commit'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "log" -d 'The history of an encrypted file key by key, without any key'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "generate-docs" -d 'Write completions/ and man/ under DIR (for the repository and install.sh)'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "push" -d 'Push an encrypted file\'s values to AWS SSM Parameter Store (or Secrets Manager)'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "pull" -d 'Write a namespace of AWS SSM Parameter Store (or Secrets Manager) to an encrypted file'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "diff" -d 'Show what `secret push --prune` would change, without changing anything'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "ssm" -d 'chamber\'s commands: SecureString parameters named /SERVICE/KEY'
complete -c secret -n "__fish_secret_using_subcommand help; and not __fish_seen_subcommand_from init keygen encrypt decrypt edit rotate updatekeys set unset get exec exec-file export render recipients publish sops doctor git check scan log completions generate-docs push pull diff ssm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
