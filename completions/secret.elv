
use builtin;
use str;

set edit:completion:arg-completer[secret] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'secret'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'secret'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Set up a project: your age key, a .sops.yaml encrypting for it, readable git diffs'
            cand keygen 'Create an age key (X25519) and print its public key, the recipient to encrypt for'
            cand encrypt 'Encrypt a file to standard output, to -o OUT, or in place with -i'
            cand decrypt 'Decrypt a file to standard output, to -o OUT, or in place with -i'
            cand edit 'Edit an encrypted file in your editor ($SOPS_EDITOR, $VISUAL or $EDITOR)'
            cand rotate 'Re-encrypt a file under a new data key, for the same recipients (in place)'
            cand updatekeys 'Re-wrap a file''s data key for the recipients its `.sops.yaml` creation rule names now'
            cand set 'Set the value at PATH in an encrypted file'
            cand unset 'Remove the key or list item at PATH from an encrypted file'
            cand get 'Print the value at PATH of an encrypted file'
            cand exec 'Run a program with the decrypted values as environment variables'
            cand exec-file 'Run a program that reads the decrypted file by path (`{}` in its arguments)'
            cand export 'Print the decrypted values as environment variables, in the chosen format'
            cand render 'Fill a configuration file template with decrypted values'
            cand recipients 'Who can decrypt a file; people joining (`add`) and leaving (`remove`) in one command'
            cand publish 'Publish files where `.sops.yaml`''s destination_rules say (Vault or OpenBao KV)'
            cand sops 'Run as sops 3.11: `secret sops decrypt f.yaml` is `sops decrypt f.yaml`'
            cand doctor 'Check the set-up: your keys (passphrase-protected ones and age plugins included), .sops.yaml, the editor, gpg when PGP is used, AWS, Vault, GCP or Azure credentials when their keys are used, and files whose recipients lag their creation rule'
            cand git 'Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check'
            cand check 'Check, without any key, that nothing a commit or CI must refuse is there'
            cand scan 'Find the project''s secret values where they must not be: in tracked files, what is staged, and with --history every commit'
            cand log 'The history of an encrypted file key by key, without any key'
            cand completions 'Print the completion script for a shell'
            cand generate-docs 'Write completions/ and man/ under DIR (for the repository and install.sh)'
            cand push 'Push an encrypted file''s values to AWS SSM Parameter Store (or Secrets Manager)'
            cand pull 'Write a namespace of AWS SSM Parameter Store (or Secrets Manager) to an encrypted file'
            cand diff 'Show what `secret push --prune` would change, without changing anything'
            cand ssm 'chamber''s commands: SecureString parameters named /SERVICE/KEY'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secret;init'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --age 'Encrypt for these recipients (comma-separated) instead of your own key'
            cand --path-regex 'The files the creation rule covers [default: \.enc\.(yaml|yml|json|env|ini)$]'
            cand --env-file 'The encrypted file of the `dev` environment that `secret exec` loads by default'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -y 'Ask nothing: take the flags and the defaults, create a key if there is none'
            cand --yes 'Ask nothing: take the flags and the defaults, create a key if there is none'
            cand --force 'Replace an existing .sops.yaml'
            cand --git 'Also set up git here, as `secret git setup` does: decrypted diffs, key-by-key merges, a pre-commit check (asked on a terminal when in a git repository)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;keygen'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -o 'Write the key to this file instead of the default key file'
            cand --output 'Write the key to this file instead of the default key file'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --print 'Print the key file to standard output only; no file is written'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;encrypt'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -o 'Write the result to this file instead of standard output'
            cand --output 'Write the result to this file instead of standard output'
            cand --input-type 'Read FILE as this format instead of guessing from its extension'
            cand --output-type 'Write the result in this format (the data converted; layout and comments are not kept)'
            cand --filename-override 'Treat the input as if it had this path (for the format and the creation rules)'
            cand -r 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out'
            cand --recursive 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out'
            cand --output-dir 'With several files: write each, encrypted, to DIR/ its path (relative to its -r directory, or as named), instead of in place'
            cand -a 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule'
            cand --age 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule'
            cand -p 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group'
            cand --pgp 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group'
            cand -k 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first'
            cand --kms 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first'
            cand --encryption-context 'Encryption context for the --kms keys: `key:value,key2:value2`'
            cand --aws-profile 'AWS profile for the --kms keys'
            cand --hc-vault-transit 'HashiCorp Vault or OpenBao transit keys, comma-separated URIs (https://vault.example.com:8200/v1/transit/keys/NAME); the token comes from VAULT_TOKEN or ~/.vault-token'
            cand --gcp-kms 'GCP KMS keys, comma-separated resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K); credentials as gcloud''s application default credentials, GOOGLE_CREDENTIALS or GOOGLE_OAUTH_ACCESS_TOKEN'
            cand --azure-kv 'Azure Key Vault keys, comma-separated URLs (https://VAULT.vault.azure.net/keys/NAME/VERSION; without VERSION, the latest); credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az login`'
            cand --unencrypted-suffix 'Leave values clear whose key (or a parent''s) ends with this suffix'
            cand --encrypted-suffix 'Encrypt only values whose key (or a parent''s) ends with this suffix'
            cand --unencrypted-regex 'Leave values clear whose key (or a parent''s) matches this regex'
            cand --encrypted-regex 'Encrypt only values whose key (or a parent''s) matches this regex'
            cand --unencrypted-comment-regex 'Leave values clear that follow a comment matching this regex'
            cand --encrypted-comment-regex 'Encrypt only values that follow a comment matching this regex'
            cand --shamir-secret-sharing-threshold 'Number of key groups needed to decrypt (with several key groups)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -i 'Replace FILE with the result'
            cand --in-place 'Replace FILE with the result'
            cand --mac-only-encrypted 'Compute the MAC over encrypted values only, so clear values may be edited freely'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;decrypt'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -o 'Write the result to this file instead of standard output'
            cand --output 'Write the result to this file instead of standard output'
            cand --input-type 'Read FILE as this format instead of guessing from its extension'
            cand --output-type 'Write the result in this format (the data converted; layout and comments are not kept)'
            cand --filename-override 'Treat the input as if it had this path (for the format and the creation rules)'
            cand -r 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out'
            cand --recursive 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out'
            cand --output-dir 'With several files: write each, decrypted (0600, in 0700 directories), to DIR/ its path (relative to its -r directory, or as named), instead of in place. Several files are never decrypted to standard output: it could not keep them apart'
            cand --extract 'Print only the value at this path: `a.b[0]` or `["a"]["b"][0]`. A string prints raw, without a trailing newline'
            cand --decryption-order 'Key types to try, in order (e.g. `age,kms`)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -i 'Replace FILE with the result'
            cand --in-place 'Replace FILE with the result'
            cand --ignore-mac 'Decrypt even if the file''s MAC does not match (values must still authenticate)'
            cand --textconv 'For git''s `diff.secret.textconv`: when no key of yours opens the file (or it cannot be decrypted, or is not encrypted), print it as stored, after a one-line `# secret:` note, and exit 0, so `git diff` works for teammates without the key'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;edit'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --input-type 'Read FILE as this format instead of guessing from its extension'
            cand -a 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule'
            cand --age 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule'
            cand -p 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group'
            cand --pgp 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group'
            cand -k 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first'
            cand --kms 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first'
            cand --encryption-context 'Encryption context for the --kms keys: `key:value,key2:value2`'
            cand --aws-profile 'AWS profile for the --kms keys'
            cand --hc-vault-transit 'HashiCorp Vault or OpenBao transit keys, comma-separated URIs (https://vault.example.com:8200/v1/transit/keys/NAME); the token comes from VAULT_TOKEN or ~/.vault-token'
            cand --gcp-kms 'GCP KMS keys, comma-separated resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K); credentials as gcloud''s application default credentials, GOOGLE_CREDENTIALS or GOOGLE_OAUTH_ACCESS_TOKEN'
            cand --azure-kv 'Azure Key Vault keys, comma-separated URLs (https://VAULT.vault.azure.net/keys/NAME/VERSION; without VERSION, the latest); credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az login`'
            cand --unencrypted-suffix 'Leave values clear whose key (or a parent''s) ends with this suffix'
            cand --encrypted-suffix 'Encrypt only values whose key (or a parent''s) ends with this suffix'
            cand --unencrypted-regex 'Leave values clear whose key (or a parent''s) matches this regex'
            cand --encrypted-regex 'Encrypt only values whose key (or a parent''s) matches this regex'
            cand --unencrypted-comment-regex 'Leave values clear that follow a comment matching this regex'
            cand --encrypted-comment-regex 'Encrypt only values that follow a comment matching this regex'
            cand --shamir-secret-sharing-threshold 'Number of key groups needed to decrypt (with several key groups)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --ignore-mac 'Open the file even if its MAC does not match'
            cand --mac-only-encrypted 'Compute the MAC over encrypted values only, so clear values may be edited freely'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;rotate'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -r 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out'
            cand --recursive 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out'
            cand --input-type 'Read FILE as this format instead of guessing from its extension'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;updatekeys'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -r 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out'
            cand --recursive 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out'
            cand --input-type 'Read FILE as this format instead of guessing from its extension'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --rotate 'Also give a new data key (every value re-encrypted, as `secret rotate` does) to each file that loses a recipient, in the same write: a key that leaves cannot open even a copy of the new file it kept the old data key of'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;set'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --input-type 'Read FILE as this format instead of guessing from its extension'
            cand --generate 'Store a new random value of LEN characters (default 32) instead of VALUE: drawn from the operating system''s generator, uniformly over --charset (rejection sampling, no modulo bias). It is never shown, nor passed in any argument; `secret get` prints it'
            cand --charset 'The characters of a --generate value: alnum (A-Z a-z 0-9, the default), alpha, digits, hex (0-9 a-f), base64 (A-Z a-z 0-9 + /), base64url (A-Z a-z 0-9 - _), ascii (every printable character but space)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --ignore-mac 'Open the file even if its MAC does not match'
            cand --json 'Parse VALUE as JSON instead of taking it as a string'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;unset'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --input-type 'Read FILE as this format instead of guessing from its extension'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --ignore-mac 'Open the file even if its MAC does not match'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;get'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --input-type 'Read FILE as this format instead of guessing from its extension'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --ignore-mac 'Open the file even if its MAC does not match'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;exec'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -e 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`'
            cand --environment 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`'
            cand --ssm 'Also load the parameters of this chamber-style service (/SERVICE/KEY) from AWS SSM Parameter Store, after the files; repeatable, later services win'
            cand --secrets-manager 'Also load the AWS Secrets Manager secret NAME, a JSON object of values (with --per-key, every secret NAME/KEY), after the files and services; repeatable, later secrets win. Nested keys join with `_`: `{"db/host": …}` gives `db_host`'
            cand --render 'Fill the template TEMPLATE with the files'' values (as `secret render` does) and give it to the program as PATH in a private directory (0700, RAM-backed; files 0600), removed when the program ends; repeatable'
            cand --watch-interval 'With --watch: how often SSM services and Secrets Manager secrets are read again (e.g. 30s, 5m); files are watched, not read on an interval'
            cand --grace 'With --watch: how long the program has to exit after SIGTERM before a restart kills it (SIGKILL)'
            cand --reload-signal 'With --watch: send this signal (HUP, USR1, …) instead of restarting. The program keeps the environment it started with: use it for a program that reads its secrets again by itself when signalled'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --pristine 'Start from an empty environment: only the secrets, and PATH=/usr/local/bin:/usr/bin:/bin'
            cand --per-key 'With --secrets-manager: each NAME is the prefix of one secret per value (NAME/KEY)'
            cand --no-override 'Variables already set win over secrets of the same name'
            cand --mask 'Replace every secret value in the program''s output, and the forms it leaks in, with `*****`. Values shorter than 4 characters are not masked'
            cand --watch 'Keep the program running under secret and reload the secrets when they change: the files when they are written (debounced by 200 ms), SSM services and Secrets Manager secrets every --watch-interval. New values restart the program (SIGTERM, --grace, then SIGKILL), or with --reload-signal signal it. A change that fails to load (a file that does not decrypt) keeps the program running on the values it has, and says why on stderr. secret exits with the program''s status when it exits by itself, and passes signals on to it as with --mask. Not with --render, whose files are written once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;exec-file'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --input-type 'Read FILE as this format instead of guessing from its extension'
            cand --output-type 'Hand the program the file in this format (converted; comments are not kept)'
            cand --filename 'The file''s name, for programs that look at its extension'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --ignore-mac 'Open the file even if its MAC does not match'
            cand --no-fifo 'A regular file (0600) instead of a named pipe: for programs that read the file twice, seek in it, or check that it is a regular file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;export'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -e 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`'
            cand --environment 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`'
            cand --format 'How to write the variables'
            cand -o 'Write to this file (0600) instead of standard output; with `github`, the variables file instead of `$GITHUB_ENV`'
            cand --output 'Write to this file (0600) instead of standard output; with `github`, the variables file instead of `$GITHUB_ENV`'
            cand --name 'The Secret''s name. Default: from the file''s name (`app.enc.yaml` → `app`), or with -e the environment''s; needed with several files'
            cand --namespace 'The Secret''s namespace (none: kubectl''s current one)'
            cand --type 'The Secret''s type [default: Opaque], e.g. kubernetes.io/tls'
            cand --label 'A label, KEY=VALUE; repeatable'
            cand --k8s-data '`string` writes stringData (default), `base64` writes data'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;render'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -e 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`'
            cand --environment 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`'
            cand -o 'Write to this file (0600, replaced atomically, nothing written on any error) instead of standard output'
            cand --output 'Write to this file (0600, replaced atomically, nothing written on any error) instead of standard output'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;recipients'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'List who can decrypt a file, key group by key group, marking the keys you hold'
            cand add 'Give a key access: add it to the creation rules of .sops.yaml and re-encrypt the data key of every file they cover for it, in one pass'
            cand remove 'Take a key''s access away: remove it from the creation rules, give every file they cover a new data key, and list what the key could read'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secret;recipients;show'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;recipients;add'= {
            cand --name 'A name for the key (one key only), kept under `secret: names:` in .sops.yaml and shown beside the key by `recipients`, `doctor` and `recipients remove NAME`'
            cand --group 'In rules with several key groups, the group to add the key to (from 0)'
            cand --rule 'Only this creation rule: its position in creation_rules (from 0) or its path_regex as written; repeatable. Default: every rule'
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --dry-run 'Show what would change (and, for remove, what the key could read); change nothing'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;recipients;remove'= {
            cand --rule 'Only this creation rule: its position in creation_rules (from 0) or its path_regex as written; repeatable. Default: every rule'
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --dry-run 'Show what would change (and, for remove, what the key could read); change nothing'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;recipients;help'= {
            cand show 'List who can decrypt a file, key group by key group, marking the keys you hold'
            cand add 'Give a key access: add it to the creation rules of .sops.yaml and re-encrypt the data key of every file they cover for it, in one pass'
            cand remove 'Take a key''s access away: remove it from the creation rules, give every file they cover a new data key, and list what the key could read'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secret;recipients;help;show'= {
        }
        &'secret;recipients;help;add'= {
        }
        &'secret;recipients;help;remove'= {
        }
        &'secret;recipients;help;help'= {
        }
        &'secret;publish'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --input-type 'Read the files as this format instead of guessing from their extensions'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -y 'Do not ask before each file'
            cand --yes 'Do not ask before each file'
            cand --recursive 'Publish every file under PATH, named by its path below it'
            cand --omit-extensions 'Leave the file extension out of the destination''s name'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;sops'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;doctor'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;git'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand setup 'Make git diff, merge and commit encrypted files safely: run once per clone'
            cand merge-driver 'What git runs to merge an encrypted file: merges BASE, OURS and THEIRS by key path into OURS; exits 1 when values hold conflicts (both sides, between markers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secret;git;setup'= {
            cand --program 'How git and the hook run secret [default: the path of this secret]'
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --uninstall 'Remove what setup installed: the .gitattributes block, the git configuration, the hook (putting back the one it replaced)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;git;merge-driver'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;git;help'= {
            cand setup 'Make git diff, merge and commit encrypted files safely: run once per clone'
            cand merge-driver 'What git runs to merge an encrypted file: merges BASE, OURS and THEIRS by key path into OURS; exits 1 when values hold conflicts (both sides, between markers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secret;git;help;setup'= {
        }
        &'secret;git;help;merge-driver'= {
        }
        &'secret;git;help;help'= {
        }
        &'secret;check'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --staged 'Check the staged versions (what the next commit holds) instead of the working tree'
            cand --allow-drift 'Report recipients or settings that differ from .sops.yaml without failing'
            cand --no-decrypt 'Do not decrypt anything, even with a key at hand (skips the check for unresolved merge conflicts and of the MAC)'
            cand --json 'Print the findings as JSON: {"checked": N, "findings": [{"file", "key", "problem", "drift", "message"}], "not_decrypted": N}'
            cand -q 'Print nothing when nothing is found'
            cand --quiet 'Print nothing when nothing is found'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;scan'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --history 'Also search every file of every commit (all branches and tags)'
            cand --json 'Print the findings as JSON'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;log'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --readers 'Show who could decrypt each version, and (with KEYPATH) everyone who ever could'
            cand --json 'Print the history as JSON'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;completions'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;generate-docs'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;push'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --to 'The namespace to push to, e.g. /app/prod'
            cand -e 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name'
            cand --environment 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name'
            cand --secrets-manager 'AWS Secrets Manager instead of SSM: the secret NAME holds the file as one JSON object of strings, keyed by the file''s keys joined with `/` (`{"db/host": "…"}`); with --per-key, one secret per value, named NAME/KEY'
            cand --kms-key 'The KMS key (id, ARN, alias/NAME) to encrypt new values with; default: the service''s own key (alias/aws/ssm, or aws/secretsmanager)'
            cand --aws-profile 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --per-key 'With --secrets-manager: one secret per value, named NAME/KEY (e.g. app/prod/db/host), instead of one JSON secret'
            cand --prune 'Delete parameters of the namespace that are not in the file (with --secrets-manager: drop the JSON keys not in the file, or schedule their secrets for deletion)'
            cand --dry-run 'Print the plan and stop'
            cand -y 'Apply the plan without asking'
            cand --yes 'Apply the plan without asking'
            cand --advanced 'Store values above 4 KB in the Advanced tier (charged by AWS), up to 8 KB'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;pull'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -e 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name'
            cand --environment 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name'
            cand --secrets-manager 'AWS Secrets Manager instead of SSM: the secret NAME holds the file as one JSON object of strings, keyed by the file''s keys joined with `/` (`{"db/host": "…"}`); with --per-key, one secret per value, named NAME/KEY'
            cand -o 'The encrypted file to write or update'
            cand --output 'The encrypted file to write or update'
            cand -a 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule'
            cand --age 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule'
            cand -p 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group'
            cand --pgp 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group'
            cand -k 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first'
            cand --kms 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first'
            cand --encryption-context 'Encryption context for the --kms keys: `key:value,key2:value2`'
            cand --aws-profile 'AWS profile for the --kms keys'
            cand --hc-vault-transit 'HashiCorp Vault or OpenBao transit keys, comma-separated URIs (https://vault.example.com:8200/v1/transit/keys/NAME); the token comes from VAULT_TOKEN or ~/.vault-token'
            cand --gcp-kms 'GCP KMS keys, comma-separated resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K); credentials as gcloud''s application default credentials, GOOGLE_CREDENTIALS or GOOGLE_OAUTH_ACCESS_TOKEN'
            cand --azure-kv 'Azure Key Vault keys, comma-separated URLs (https://VAULT.vault.azure.net/keys/NAME/VERSION; without VERSION, the latest); credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az login`'
            cand --unencrypted-suffix 'Leave values clear whose key (or a parent''s) ends with this suffix'
            cand --encrypted-suffix 'Encrypt only values whose key (or a parent''s) ends with this suffix'
            cand --unencrypted-regex 'Leave values clear whose key (or a parent''s) matches this regex'
            cand --encrypted-regex 'Encrypt only values whose key (or a parent''s) matches this regex'
            cand --unencrypted-comment-regex 'Leave values clear that follow a comment matching this regex'
            cand --encrypted-comment-regex 'Encrypt only values that follow a comment matching this regex'
            cand --shamir-secret-sharing-threshold 'Number of key groups needed to decrypt (with several key groups)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --per-key 'With --secrets-manager: one secret per value, named NAME/KEY (e.g. app/prod/db/host), instead of one JSON secret'
            cand --dry-run 'Print the plan and stop'
            cand --mac-only-encrypted 'Compute the MAC over encrypted values only, so clear values may be edited freely'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;diff'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand -e 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name'
            cand --environment 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name'
            cand --secrets-manager 'AWS Secrets Manager instead of SSM: the secret NAME holds the file as one JSON object of strings, keyed by the file''s keys joined with `/` (`{"db/host": "…"}`); with --per-key, one secret per value, named NAME/KEY'
            cand --aws-profile 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --per-key 'With --secrets-manager: one secret per value, named NAME/KEY (e.g. app/prod/db/host), instead of one JSON secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;ssm'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --aws-profile 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand write 'Write one secret (a SecureString, key lower-cased as chamber does)'
            cand read 'Read one secret'
            cand list 'List a service''s keys (values only with --expand)'
            cand delete 'Delete one secret'
            cand history 'The versions of one secret: when and by whom, never the values'
            cand export 'Write the secrets of services as variables (later services win), 0600 with -o'
            cand import 'Write the keys of a flat JSON or YAML object to a service, only those that changed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secret;ssm;write'= {
            cand --kms-key 'The KMS key to encrypt with; default: SSM''s own key, alias/aws/ssm'
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --aws-profile 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)'
            cand -s 'With `-`: read only the first line, without its line break'
            cand --singleline 'With `-`: read only the first line, without its line break'
            cand --advanced 'Allow a value above 4 KB (Advanced tier, charged by AWS), up to 8 KB'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;ssm;read'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --aws-profile 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)'
            cand -q 'Print only the value'
            cand --quiet 'Print only the value'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;ssm;list'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --aws-profile 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)'
            cand -e 'Also print the values'
            cand --expand 'Also print the values'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;ssm;delete'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --aws-profile 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;ssm;history'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --aws-profile 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;ssm;export'= {
            cand -f 'How to write the variables'
            cand --format 'How to write the variables'
            cand -o 'Write to this file (0600) instead of standard output'
            cand --output 'Write to this file (0600) instead of standard output'
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --aws-profile 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;ssm;import'= {
            cand --config 'Use this .sops.yaml instead of searching for one'
            cand --max-input-size 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory'
            cand --aws-profile 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)'
            cand -v 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand --verbose 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'secret;ssm;help'= {
            cand write 'Write one secret (a SecureString, key lower-cased as chamber does)'
            cand read 'Read one secret'
            cand list 'List a service''s keys (values only with --expand)'
            cand delete 'Delete one secret'
            cand history 'The versions of one secret: when and by whom, never the values'
            cand export 'Write the secrets of services as variables (later services win), 0600 with -o'
            cand import 'Write the keys of a flat JSON or YAML object to a service, only those that changed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secret;ssm;help;write'= {
        }
        &'secret;ssm;help;read'= {
        }
        &'secret;ssm;help;list'= {
        }
        &'secret;ssm;help;delete'= {
        }
        &'secret;ssm;help;history'= {
        }
        &'secret;ssm;help;export'= {
        }
        &'secret;ssm;help;import'= {
        }
        &'secret;ssm;help;help'= {
        }
        &'secret;help'= {
            cand init 'Set up a project: your age key, a .sops.yaml encrypting for it, readable git diffs'
            cand keygen 'Create an age key (X25519) and print its public key, the recipient to encrypt for'
            cand encrypt 'Encrypt a file to standard output, to -o OUT, or in place with -i'
            cand decrypt 'Decrypt a file to standard output, to -o OUT, or in place with -i'
            cand edit 'Edit an encrypted file in your editor ($SOPS_EDITOR, $VISUAL or $EDITOR)'
            cand rotate 'Re-encrypt a file under a new data key, for the same recipients (in place)'
            cand updatekeys 'Re-wrap a file''s data key for the recipients its `.sops.yaml` creation rule names now'
            cand set 'Set the value at PATH in an encrypted file'
            cand unset 'Remove the key or list item at PATH from an encrypted file'
            cand get 'Print the value at PATH of an encrypted file'
            cand exec 'Run a program with the decrypted values as environment variables'
            cand exec-file 'Run a program that reads the decrypted file by path (`{}` in its arguments)'
            cand export 'Print the decrypted values as environment variables, in the chosen format'
            cand render 'Fill a configuration file template with decrypted values'
            cand recipients 'Who can decrypt a file; people joining (`add`) and leaving (`remove`) in one command'
            cand publish 'Publish files where `.sops.yaml`''s destination_rules say (Vault or OpenBao KV)'
            cand sops 'Run as sops 3.11: `secret sops decrypt f.yaml` is `sops decrypt f.yaml`'
            cand doctor 'Check the set-up: your keys (passphrase-protected ones and age plugins included), .sops.yaml, the editor, gpg when PGP is used, AWS, Vault, GCP or Azure credentials when their keys are used, and files whose recipients lag their creation rule'
            cand git 'Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check'
            cand check 'Check, without any key, that nothing a commit or CI must refuse is there'
            cand scan 'Find the project''s secret values where they must not be: in tracked files, what is staged, and with --history every commit'
            cand log 'The history of an encrypted file key by key, without any key'
            cand completions 'Print the completion script for a shell'
            cand generate-docs 'Write completions/ and man/ under DIR (for the repository and install.sh)'
            cand push 'Push an encrypted file''s values to AWS SSM Parameter Store (or Secrets Manager)'
            cand pull 'Write a namespace of AWS SSM Parameter Store (or Secrets Manager) to an encrypted file'
            cand diff 'Show what `secret push --prune` would change, without changing anything'
            cand ssm 'chamber''s commands: SecureString parameters named /SERVICE/KEY'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'secret;help;init'= {
        }
        &'secret;help;keygen'= {
        }
        &'secret;help;encrypt'= {
        }
        &'secret;help;decrypt'= {
        }
        &'secret;help;edit'= {
        }
        &'secret;help;rotate'= {
        }
        &'secret;help;updatekeys'= {
        }
        &'secret;help;set'= {
        }
        &'secret;help;unset'= {
        }
        &'secret;help;get'= {
        }
        &'secret;help;exec'= {
        }
        &'secret;help;exec-file'= {
        }
        &'secret;help;export'= {
        }
        &'secret;help;render'= {
        }
        &'secret;help;recipients'= {
        }
        &'secret;help;publish'= {
        }
        &'secret;help;sops'= {
        }
        &'secret;help;doctor'= {
        }
        &'secret;help;git'= {
        }
        &'secret;help;check'= {
        }
        &'secret;help;scan'= {
        }
        &'secret;help;log'= {
        }
        &'secret;help;completions'= {
        }
        &'secret;help;generate-docs'= {
        }
        &'secret;help;push'= {
        }
        &'secret;help;pull'= {
        }
        &'secret;help;diff'= {
        }
        &'secret;help;ssm'= {
        }
        &'secret;help;help'= {
        }
    ]
    $completions[$command]
}
