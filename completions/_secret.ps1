
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'secret' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'secret'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'secret' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Set up a project: your age key, a .sops.yaml encrypting for it, readable git diffs')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create an age key (X25519) and print its public key, the recipient to encrypt for')
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Encrypt a file to standard output, to -o OUT, or in place with -i')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Decrypt a file to standard output, to -o OUT, or in place with -i')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit an encrypted file in your editor ($SOPS_EDITOR, $VISUAL or $EDITOR)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Re-encrypt a file under a new data key, for the same recipients (in place)')
            [CompletionResult]::new('updatekeys', 'updatekeys', [CompletionResultType]::ParameterValue, 'Re-wrap a file''s data key for the recipients its `.sops.yaml` creation rule names now')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the value at PATH in an encrypted file')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove the key or list item at PATH from an encrypted file')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value at PATH of an encrypted file')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a program with the decrypted values as environment variables')
            [CompletionResult]::new('exec-file', 'exec-file', [CompletionResultType]::ParameterValue, 'Run a program that reads the decrypted file by path (`{}` in its arguments)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the decrypted values as environment variables, in the chosen format')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Fill a configuration file template with decrypted values')
            [CompletionResult]::new('recipients', 'recipients', [CompletionResultType]::ParameterValue, 'Who can decrypt a file; people joining (`add`) and leaving (`remove`) in one command')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish files where `.sops.yaml`''s destination_rules say (Vault or OpenBao KV)')
            [CompletionResult]::new('sops', 'sops', [CompletionResultType]::ParameterValue, 'Run as sops 3.11: `secret sops decrypt f.yaml` is `sops decrypt f.yaml`')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the set-up: your keys (passphrase-protected ones and age plugins included), .sops.yaml, the editor, gpg when PGP is used, AWS, Vault, GCP or Azure credentials when their keys are used, and files whose recipients lag their creation rule')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check, without any key, that nothing a commit or CI must refuse is there')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find the project''s secret values where they must not be: in tracked files, what is staged, and with --history every commit')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'The history of an encrypted file key by key, without any key')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ under DIR (for the repository and install.sh)')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Push an encrypted file''s values to AWS SSM Parameter Store (or Secrets Manager)')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Write a namespace of AWS SSM Parameter Store (or Secrets Manager) to an encrypted file')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what `secret push --prune` would change, without changing anything')
            [CompletionResult]::new('ssm', 'ssm', [CompletionResultType]::ParameterValue, 'chamber''s commands: SecureString parameters named /SERVICE/KEY')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secret;init' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'Encrypt for these recipients (comma-separated) instead of your own key')
            [CompletionResult]::new('--path-regex', '--path-regex', [CompletionResultType]::ParameterName, 'The files the creation rule covers [default: \.enc\.(yaml|yml|json|env|ini)$]')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The encrypted file of the `dev` environment that `secret exec` loads by default')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Ask nothing: take the flags and the defaults, create a key if there is none')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Ask nothing: take the flags and the defaults, create a key if there is none')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing .sops.yaml')
            [CompletionResult]::new('--git', '--git', [CompletionResultType]::ParameterName, 'Also set up git here, as `secret git setup` does: decrypted diffs, key-by-key merges, a pre-commit check (asked on a terminal when in a git repository)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;keygen' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the key to this file instead of the default key file')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the key to this file instead of the default key file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the key file to standard output only; no file is written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;encrypt' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the result to this file instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the result to this file instead of standard output')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from its extension')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Write the result in this format (the data converted; layout and comments are not kept)')
            [CompletionResult]::new('--filename-override', '--filename-override', [CompletionResultType]::ParameterName, 'Treat the input as if it had this path (for the format and the creation rules)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'With several files: write each, encrypted, to DIR/ its path (relative to its -r directory, or as named), instead of in place')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group')
            [CompletionResult]::new('--pgp', '--pgp', [CompletionResultType]::ParameterName, 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first')
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first')
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'Encryption context for the --kms keys: `key:value,key2:value2`')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'AWS profile for the --kms keys')
            [CompletionResult]::new('--hc-vault-transit', '--hc-vault-transit', [CompletionResultType]::ParameterName, 'HashiCorp Vault or OpenBao transit keys, comma-separated URIs (https://vault.example.com:8200/v1/transit/keys/NAME); the token comes from VAULT_TOKEN or ~/.vault-token')
            [CompletionResult]::new('--gcp-kms', '--gcp-kms', [CompletionResultType]::ParameterName, 'GCP KMS keys, comma-separated resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K); credentials as gcloud''s application default credentials, GOOGLE_CREDENTIALS or GOOGLE_OAUTH_ACCESS_TOKEN')
            [CompletionResult]::new('--azure-kv', '--azure-kv', [CompletionResultType]::ParameterName, 'Azure Key Vault keys, comma-separated URLs (https://VAULT.vault.azure.net/keys/NAME/VERSION; without VERSION, the latest); credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az login`')
            [CompletionResult]::new('--unencrypted-suffix', '--unencrypted-suffix', [CompletionResultType]::ParameterName, 'Leave values clear whose key (or a parent''s) ends with this suffix')
            [CompletionResult]::new('--encrypted-suffix', '--encrypted-suffix', [CompletionResultType]::ParameterName, 'Encrypt only values whose key (or a parent''s) ends with this suffix')
            [CompletionResult]::new('--unencrypted-regex', '--unencrypted-regex', [CompletionResultType]::ParameterName, 'Leave values clear whose key (or a parent''s) matches this regex')
            [CompletionResult]::new('--encrypted-regex', '--encrypted-regex', [CompletionResultType]::ParameterName, 'Encrypt only values whose key (or a parent''s) matches this regex')
            [CompletionResult]::new('--unencrypted-comment-regex', '--unencrypted-comment-regex', [CompletionResultType]::ParameterName, 'Leave values clear that follow a comment matching this regex')
            [CompletionResult]::new('--encrypted-comment-regex', '--encrypted-comment-regex', [CompletionResultType]::ParameterName, 'Encrypt only values that follow a comment matching this regex')
            [CompletionResult]::new('--shamir-secret-sharing-threshold', '--shamir-secret-sharing-threshold', [CompletionResultType]::ParameterName, 'Number of key groups needed to decrypt (with several key groups)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Replace FILE with the result')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Replace FILE with the result')
            [CompletionResult]::new('--mac-only-encrypted', '--mac-only-encrypted', [CompletionResultType]::ParameterName, 'Compute the MAC over encrypted values only, so clear values may be edited freely')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;decrypt' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the result to this file instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the result to this file instead of standard output')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from its extension')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Write the result in this format (the data converted; layout and comments are not kept)')
            [CompletionResult]::new('--filename-override', '--filename-override', [CompletionResultType]::ParameterName, 'Treat the input as if it had this path (for the format and the creation rules)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'With several files: write each, decrypted (0600, in 0700 directories), to DIR/ its path (relative to its -r directory, or as named), instead of in place. Several files are never decrypted to standard output: it could not keep them apart')
            [CompletionResult]::new('--extract', '--extract', [CompletionResultType]::ParameterName, 'Print only the value at this path: `a.b[0]` or `["a"]["b"][0]`. A string prints raw, without a trailing newline')
            [CompletionResult]::new('--decryption-order', '--decryption-order', [CompletionResultType]::ParameterName, 'Key types to try, in order (e.g. `age,kms`)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Replace FILE with the result')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Replace FILE with the result')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Decrypt even if the file''s MAC does not match (values must still authenticate)')
            [CompletionResult]::new('--textconv', '--textconv', [CompletionResultType]::ParameterName, 'For git''s `diff.secret.textconv`: when no key of yours opens the file (or it cannot be decrypted, or is not encrypted), print it as stored, after a one-line `# secret:` note, and exit 0, so `git diff` works for teammates without the key')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;edit' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from its extension')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group')
            [CompletionResult]::new('--pgp', '--pgp', [CompletionResultType]::ParameterName, 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first')
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first')
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'Encryption context for the --kms keys: `key:value,key2:value2`')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'AWS profile for the --kms keys')
            [CompletionResult]::new('--hc-vault-transit', '--hc-vault-transit', [CompletionResultType]::ParameterName, 'HashiCorp Vault or OpenBao transit keys, comma-separated URIs (https://vault.example.com:8200/v1/transit/keys/NAME); the token comes from VAULT_TOKEN or ~/.vault-token')
            [CompletionResult]::new('--gcp-kms', '--gcp-kms', [CompletionResultType]::ParameterName, 'GCP KMS keys, comma-separated resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K); credentials as gcloud''s application default credentials, GOOGLE_CREDENTIALS or GOOGLE_OAUTH_ACCESS_TOKEN')
            [CompletionResult]::new('--azure-kv', '--azure-kv', [CompletionResultType]::ParameterName, 'Azure Key Vault keys, comma-separated URLs (https://VAULT.vault.azure.net/keys/NAME/VERSION; without VERSION, the latest); credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az login`')
            [CompletionResult]::new('--unencrypted-suffix', '--unencrypted-suffix', [CompletionResultType]::ParameterName, 'Leave values clear whose key (or a parent''s) ends with this suffix')
            [CompletionResult]::new('--encrypted-suffix', '--encrypted-suffix', [CompletionResultType]::ParameterName, 'Encrypt only values whose key (or a parent''s) ends with this suffix')
            [CompletionResult]::new('--unencrypted-regex', '--unencrypted-regex', [CompletionResultType]::ParameterName, 'Leave values clear whose key (or a parent''s) matches this regex')
            [CompletionResult]::new('--encrypted-regex', '--encrypted-regex', [CompletionResultType]::ParameterName, 'Encrypt only values whose key (or a parent''s) matches this regex')
            [CompletionResult]::new('--unencrypted-comment-regex', '--unencrypted-comment-regex', [CompletionResultType]::ParameterName, 'Leave values clear that follow a comment matching this regex')
            [CompletionResult]::new('--encrypted-comment-regex', '--encrypted-comment-regex', [CompletionResultType]::ParameterName, 'Encrypt only values that follow a comment matching this regex')
            [CompletionResult]::new('--shamir-secret-sharing-threshold', '--shamir-secret-sharing-threshold', [CompletionResultType]::ParameterName, 'Number of key groups needed to decrypt (with several key groups)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Open the file even if its MAC does not match')
            [CompletionResult]::new('--mac-only-encrypted', '--mac-only-encrypted', [CompletionResultType]::ParameterName, 'Compute the MAC over encrypted values only, so clear values may be edited freely')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;rotate' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from its extension')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;updatekeys' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Also every file under DIR (recursively) that a creation rule of .sops.yaml covers; repeatable. Files that are not what the command works on (plaintext files for decrypt, encrypted ones for encrypt) are left out')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from its extension')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--rotate', '--rotate', [CompletionResultType]::ParameterName, 'Also give a new data key (every value re-encrypted, as `secret rotate` does) to each file that loses a recipient, in the same write: a key that leaves cannot open even a copy of the new file it kept the old data key of')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;set' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from its extension')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Store a new random value of LEN characters (default 32) instead of VALUE: drawn from the operating system''s generator, uniformly over --charset (rejection sampling, no modulo bias). It is never shown, nor passed in any argument; `secret get` prints it')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'The characters of a --generate value: alnum (A-Z a-z 0-9, the default), alpha, digits, hex (0-9 a-f), base64 (A-Z a-z 0-9 + /), base64url (A-Z a-z 0-9 - _), ascii (every printable character but space)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Open the file even if its MAC does not match')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Parse VALUE as JSON instead of taking it as a string')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;unset' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from its extension')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Open the file even if its MAC does not match')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;get' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from its extension')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Open the file even if its MAC does not match')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;exec' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`')
            [CompletionResult]::new('--ssm', '--ssm', [CompletionResultType]::ParameterName, 'Also load the parameters of this chamber-style service (/SERVICE/KEY) from AWS SSM Parameter Store, after the files; repeatable, later services win')
            [CompletionResult]::new('--secrets-manager', '--secrets-manager', [CompletionResultType]::ParameterName, 'Also load the AWS Secrets Manager secret NAME, a JSON object of values (with --per-key, every secret NAME/KEY), after the files and services; repeatable, later secrets win. Nested keys join with `_`: `{"db/host": …}` gives `db_host`')
            [CompletionResult]::new('--render', '--render', [CompletionResultType]::ParameterName, 'Fill the template TEMPLATE with the files'' values (as `secret render` does) and give it to the program as PATH in a private directory (0700, RAM-backed; files 0600), removed when the program ends; repeatable')
            [CompletionResult]::new('--watch-interval', '--watch-interval', [CompletionResultType]::ParameterName, 'With --watch: how often SSM services and Secrets Manager secrets are read again (e.g. 30s, 5m); files are watched, not read on an interval')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'With --watch: how long the program has to exit after SIGTERM before a restart kills it (SIGKILL)')
            [CompletionResult]::new('--reload-signal', '--reload-signal', [CompletionResultType]::ParameterName, 'With --watch: send this signal (HUP, USR1, …) instead of restarting. The program keeps the environment it started with: use it for a program that reads its secrets again by itself when signalled')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--pristine', '--pristine', [CompletionResultType]::ParameterName, 'Start from an empty environment: only the secrets, and PATH=/usr/local/bin:/usr/bin:/bin')
            [CompletionResult]::new('--per-key', '--per-key', [CompletionResultType]::ParameterName, 'With --secrets-manager: each NAME is the prefix of one secret per value (NAME/KEY)')
            [CompletionResult]::new('--no-override', '--no-override', [CompletionResultType]::ParameterName, 'Variables already set win over secrets of the same name')
            [CompletionResult]::new('--mask', '--mask', [CompletionResultType]::ParameterName, 'Replace every secret value in the program''s output, and the forms it leaks in, with `*****`. Values shorter than 4 characters are not masked')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Keep the program running under secret and reload the secrets when they change: the files when they are written (debounced by 200 ms), SSM services and Secrets Manager secrets every --watch-interval. New values restart the program (SIGTERM, --grace, then SIGKILL), or with --reload-signal signal it. A change that fails to load (a file that does not decrypt) keeps the program running on the values it has, and says why on stderr. secret exits with the program''s status when it exits by itself, and passes signals on to it as with --mask. Not with --render, whose files are written once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;exec-file' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from its extension')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Hand the program the file in this format (converted; comments are not kept)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'The file''s name, for programs that look at its extension')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Open the file even if its MAC does not match')
            [CompletionResult]::new('--no-fifo', '--no-fifo', [CompletionResultType]::ParameterName, 'A regular file (0600) instead of a named pipe: for programs that read the file twice, seek in it, or check that it is a regular file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;export' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the variables')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (0600) instead of standard output; with `github`, the variables file instead of `$GITHUB_ENV`')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (0600) instead of standard output; with `github`, the variables file instead of `$GITHUB_ENV`')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The Secret''s name. Default: from the file''s name (`app.enc.yaml` → `app`), or with -e the environment''s; needed with several files')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace (none: kubectl''s current one)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The Secret''s type [default: Opaque], e.g. kubernetes.io/tls')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A label, KEY=VALUE; repeatable')
            [CompletionResult]::new('--k8s-data', '--k8s-data', [CompletionResultType]::ParameterName, '`string` writes stringData (default), `base64` writes data')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;render' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Load the files of this environment (`secret: environments:` in `.sops.yaml`); without it and without files, `secret: default_environment:`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (0600, replaced atomically, nothing written on any error) instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (0600, replaced atomically, nothing written on any error) instead of standard output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;recipients' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List who can decrypt a file, key group by key group, marking the keys you hold')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Give a key access: add it to the creation rules of .sops.yaml and re-encrypt the data key of every file they cover for it, in one pass')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take a key''s access away: remove it from the creation rules, give every file they cover a new data key, and list what the key could read')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secret;recipients;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;recipients;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A name for the key (one key only), kept under `secret: names:` in .sops.yaml and shown beside the key by `recipients`, `doctor` and `recipients remove NAME`')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'In rules with several key groups, the group to add the key to (from 0)')
            [CompletionResult]::new('--rule', '--rule', [CompletionResultType]::ParameterName, 'Only this creation rule: its position in creation_rules (from 0) or its path_regex as written; repeatable. Default: every rule')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (and, for remove, what the key could read); change nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;recipients;remove' {
            [CompletionResult]::new('--rule', '--rule', [CompletionResultType]::ParameterName, 'Only this creation rule: its position in creation_rules (from 0) or its path_regex as written; repeatable. Default: every rule')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (and, for remove, what the key could read); change nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;recipients;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List who can decrypt a file, key group by key group, marking the keys you hold')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Give a key access: add it to the creation rules of .sops.yaml and re-encrypt the data key of every file they cover for it, in one pass')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take a key''s access away: remove it from the creation rules, give every file they cover a new data key, and list what the key could read')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secret;recipients;help;show' {
            break
        }
        'secret;recipients;help;add' {
            break
        }
        'secret;recipients;help;remove' {
            break
        }
        'secret;recipients;help;help' {
            break
        }
        'secret;publish' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read the files as this format instead of guessing from their extensions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before each file')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before each file')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Publish every file under PATH, named by its path below it')
            [CompletionResult]::new('--omit-extensions', '--omit-extensions', [CompletionResultType]::ParameterName, 'Leave the file extension out of the destination''s name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;sops' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;doctor' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;git' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Make git diff, merge and commit encrypted files safely: run once per clone')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'What git runs to merge an encrypted file: merges BASE, OURS and THEIRS by key path into OURS; exits 1 when values hold conflicts (both sides, between markers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secret;git;setup' {
            [CompletionResult]::new('--program', '--program', [CompletionResultType]::ParameterName, 'How git and the hook run secret [default: the path of this secret]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--uninstall', '--uninstall', [CompletionResultType]::ParameterName, 'Remove what setup installed: the .gitattributes block, the git configuration, the hook (putting back the one it replaced)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;git;merge-driver' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;git;help' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Make git diff, merge and commit encrypted files safely: run once per clone')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'What git runs to merge an encrypted file: merges BASE, OURS and THEIRS by key path into OURS; exits 1 when values hold conflicts (both sides, between markers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secret;git;help;setup' {
            break
        }
        'secret;git;help;merge-driver' {
            break
        }
        'secret;git;help;help' {
            break
        }
        'secret;check' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Check the staged versions (what the next commit holds) instead of the working tree')
            [CompletionResult]::new('--allow-drift', '--allow-drift', [CompletionResultType]::ParameterName, 'Report recipients or settings that differ from .sops.yaml without failing')
            [CompletionResult]::new('--no-decrypt', '--no-decrypt', [CompletionResultType]::ParameterName, 'Do not decrypt anything, even with a key at hand (skips the check for unresolved merge conflicts and of the MAC)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the findings as JSON: {"checked": N, "findings": [{"file", "key", "problem", "drift", "message"}], "not_decrypted": N}')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when nothing is found')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when nothing is found')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;scan' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Also search every file of every commit (all branches and tags)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the findings as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;log' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--readers', '--readers', [CompletionResultType]::ParameterName, 'Show who could decrypt each version, and (with KEYPATH) everyone who ever could')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the history as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;generate-docs' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;push' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The namespace to push to, e.g. /app/prod')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name')
            [CompletionResult]::new('--secrets-manager', '--secrets-manager', [CompletionResultType]::ParameterName, 'AWS Secrets Manager instead of SSM: the secret NAME holds the file as one JSON object of strings, keyed by the file''s keys joined with `/` (`{"db/host": "…"}`); with --per-key, one secret per value, named NAME/KEY')
            [CompletionResult]::new('--kms-key', '--kms-key', [CompletionResultType]::ParameterName, 'The KMS key (id, ARN, alias/NAME) to encrypt new values with; default: the service''s own key (alias/aws/ssm, or aws/secretsmanager)')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--per-key', '--per-key', [CompletionResultType]::ParameterName, 'With --secrets-manager: one secret per value, named NAME/KEY (e.g. app/prod/db/host), instead of one JSON secret')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete parameters of the namespace that are not in the file (with --secrets-manager: drop the JSON keys not in the file, or schedule their secrets for deletion)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and stop')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply the plan without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply the plan without asking')
            [CompletionResult]::new('--advanced', '--advanced', [CompletionResultType]::ParameterName, 'Store values above 4 KB in the Advanced tier (charged by AWS), up to 8 KB')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;pull' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name')
            [CompletionResult]::new('--secrets-manager', '--secrets-manager', [CompletionResultType]::ParameterName, 'AWS Secrets Manager instead of SSM: the secret NAME holds the file as one JSON object of strings, keyed by the file''s keys joined with `/` (`{"db/host": "…"}`); with --per-key, one secret per value, named NAME/KEY')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The encrypted file to write or update')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The encrypted file to write or update')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin''s age1NAME1…), comma-separated. Replaces the keys of the creation rule')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group')
            [CompletionResult]::new('--pgp', '--pgp', [CompletionResultType]::ParameterName, 'PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all of them form one group')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first')
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first')
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'Encryption context for the --kms keys: `key:value,key2:value2`')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'AWS profile for the --kms keys')
            [CompletionResult]::new('--hc-vault-transit', '--hc-vault-transit', [CompletionResultType]::ParameterName, 'HashiCorp Vault or OpenBao transit keys, comma-separated URIs (https://vault.example.com:8200/v1/transit/keys/NAME); the token comes from VAULT_TOKEN or ~/.vault-token')
            [CompletionResult]::new('--gcp-kms', '--gcp-kms', [CompletionResultType]::ParameterName, 'GCP KMS keys, comma-separated resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K); credentials as gcloud''s application default credentials, GOOGLE_CREDENTIALS or GOOGLE_OAUTH_ACCESS_TOKEN')
            [CompletionResult]::new('--azure-kv', '--azure-kv', [CompletionResultType]::ParameterName, 'Azure Key Vault keys, comma-separated URLs (https://VAULT.vault.azure.net/keys/NAME/VERSION; without VERSION, the latest); credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az login`')
            [CompletionResult]::new('--unencrypted-suffix', '--unencrypted-suffix', [CompletionResultType]::ParameterName, 'Leave values clear whose key (or a parent''s) ends with this suffix')
            [CompletionResult]::new('--encrypted-suffix', '--encrypted-suffix', [CompletionResultType]::ParameterName, 'Encrypt only values whose key (or a parent''s) ends with this suffix')
            [CompletionResult]::new('--unencrypted-regex', '--unencrypted-regex', [CompletionResultType]::ParameterName, 'Leave values clear whose key (or a parent''s) matches this regex')
            [CompletionResult]::new('--encrypted-regex', '--encrypted-regex', [CompletionResultType]::ParameterName, 'Encrypt only values whose key (or a parent''s) matches this regex')
            [CompletionResult]::new('--unencrypted-comment-regex', '--unencrypted-comment-regex', [CompletionResultType]::ParameterName, 'Leave values clear that follow a comment matching this regex')
            [CompletionResult]::new('--encrypted-comment-regex', '--encrypted-comment-regex', [CompletionResultType]::ParameterName, 'Encrypt only values that follow a comment matching this regex')
            [CompletionResult]::new('--shamir-secret-sharing-threshold', '--shamir-secret-sharing-threshold', [CompletionResultType]::ParameterName, 'Number of key groups needed to decrypt (with several key groups)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--per-key', '--per-key', [CompletionResultType]::ParameterName, 'With --secrets-manager: one secret per value, named NAME/KEY (e.g. app/prod/db/host), instead of one JSON secret')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and stop')
            [CompletionResult]::new('--mac-only-encrypted', '--mac-only-encrypted', [CompletionResultType]::ParameterName, 'Compute the MAC over encrypted values only, so clear values may be edited freely')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;diff' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name')
            [CompletionResult]::new('--secrets-manager', '--secrets-manager', [CompletionResultType]::ParameterName, 'AWS Secrets Manager instead of SSM: the secret NAME holds the file as one JSON object of strings, keyed by the file''s keys joined with `/` (`{"db/host": "…"}`); with --per-key, one secret per value, named NAME/KEY')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--per-key', '--per-key', [CompletionResultType]::ParameterName, 'With --secrets-manager: one secret per value, named NAME/KEY (e.g. app/prod/db/host), instead of one JSON secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;ssm' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Write one secret (a SecureString, key lower-cased as chamber does)')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Read one secret')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a service''s keys (values only with --expand)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one secret')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The versions of one secret: when and by whom, never the values')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the secrets of services as variables (later services win), 0600 with -o')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Write the keys of a flat JSON or YAML object to a service, only those that changed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secret;ssm;write' {
            [CompletionResult]::new('--kms-key', '--kms-key', [CompletionResultType]::ParameterName, 'The KMS key to encrypt with; default: SSM''s own key, alias/aws/ssm')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'With `-`: read only the first line, without its line break')
            [CompletionResult]::new('--singleline', '--singleline', [CompletionResultType]::ParameterName, 'With `-`: read only the first line, without its line break')
            [CompletionResult]::new('--advanced', '--advanced', [CompletionResultType]::ParameterName, 'Allow a value above 4 KB (Advanced tier, charged by AWS), up to 8 KB')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;ssm;read' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the value')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the value')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;ssm;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Also print the values')
            [CompletionResult]::new('--expand', '--expand', [CompletionResultType]::ParameterName, 'Also print the values')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;ssm;delete' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;ssm;history' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;ssm;export' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'How to write the variables')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the variables')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (0600) instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (0600) instead of standard output')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;ssm;import' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this .sops.yaml instead of searching for one')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of secrets are kilobytes; the bound keeps a device or a runaway input from taking the machine''s memory')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'The AWS profile to use (default: the AWS environment, as the AWS CLI does)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also report what went wrong on the way when it did not stop the command, e.g. a master key that failed while another one decrypted the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'secret;ssm;help' {
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Write one secret (a SecureString, key lower-cased as chamber does)')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Read one secret')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a service''s keys (values only with --expand)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one secret')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The versions of one secret: when and by whom, never the values')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the secrets of services as variables (later services win), 0600 with -o')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Write the keys of a flat JSON or YAML object to a service, only those that changed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secret;ssm;help;write' {
            break
        }
        'secret;ssm;help;read' {
            break
        }
        'secret;ssm;help;list' {
            break
        }
        'secret;ssm;help;delete' {
            break
        }
        'secret;ssm;help;history' {
            break
        }
        'secret;ssm;help;export' {
            break
        }
        'secret;ssm;help;import' {
            break
        }
        'secret;ssm;help;help' {
            break
        }
        'secret;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Set up a project: your age key, a .sops.yaml encrypting for it, readable git diffs')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create an age key (X25519) and print its public key, the recipient to encrypt for')
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Encrypt a file to standard output, to -o OUT, or in place with -i')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Decrypt a file to standard output, to -o OUT, or in place with -i')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit an encrypted file in your editor ($SOPS_EDITOR, $VISUAL or $EDITOR)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Re-encrypt a file under a new data key, for the same recipients (in place)')
            [CompletionResult]::new('updatekeys', 'updatekeys', [CompletionResultType]::ParameterValue, 'Re-wrap a file''s data key for the recipients its `.sops.yaml` creation rule names now')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the value at PATH in an encrypted file')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove the key or list item at PATH from an encrypted file')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value at PATH of an encrypted file')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a program with the decrypted values as environment variables')
            [CompletionResult]::new('exec-file', 'exec-file', [CompletionResultType]::ParameterValue, 'Run a program that reads the decrypted file by path (`{}` in its arguments)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the decrypted values as environment variables, in the chosen format')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Fill a configuration file template with decrypted values')
            [CompletionResult]::new('recipients', 'recipients', [CompletionResultType]::ParameterValue, 'Who can decrypt a file; people joining (`add`) and leaving (`remove`) in one command')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish files where `.sops.yaml`''s destination_rules say (Vault or OpenBao KV)')
            [CompletionResult]::new('sops', 'sops', [CompletionResultType]::ParameterValue, 'Run as sops 3.11: `secret sops decrypt f.yaml` is `sops decrypt f.yaml`')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the set-up: your keys (passphrase-protected ones and age plugins included), .sops.yaml, the editor, gpg when PGP is used, AWS, Vault, GCP or Azure credentials when their keys are used, and files whose recipients lag their creation rule')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check, without any key, that nothing a commit or CI must refuse is there')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find the project''s secret values where they must not be: in tracked files, what is staged, and with --history every commit')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'The history of an encrypted file key by key, without any key')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ under DIR (for the repository and install.sh)')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Push an encrypted file''s values to AWS SSM Parameter Store (or Secrets Manager)')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Write a namespace of AWS SSM Parameter Store (or Secrets Manager) to an encrypted file')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what `secret push --prune` would change, without changing anything')
            [CompletionResult]::new('ssm', 'ssm', [CompletionResultType]::ParameterValue, 'chamber''s commands: SecureString parameters named /SERVICE/KEY')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secret;help;init' {
            break
        }
        'secret;help;keygen' {
            break
        }
        'secret;help;encrypt' {
            break
        }
        'secret;help;decrypt' {
            break
        }
        'secret;help;edit' {
            break
        }
        'secret;help;rotate' {
            break
        }
        'secret;help;updatekeys' {
            break
        }
        'secret;help;set' {
            break
        }
        'secret;help;unset' {
            break
        }
        'secret;help;get' {
            break
        }
        'secret;help;exec' {
            break
        }
        'secret;help;exec-file' {
            break
        }
        'secret;help;export' {
            break
        }
        'secret;help;render' {
            break
        }
        'secret;help;recipients' {
            break
        }
        'secret;help;publish' {
            break
        }
        'secret;help;sops' {
            break
        }
        'secret;help;doctor' {
            break
        }
        'secret;help;git' {
            break
        }
        'secret;help;check' {
            break
        }
        'secret;help;scan' {
            break
        }
        'secret;help;log' {
            break
        }
        'secret;help;completions' {
            break
        }
        'secret;help;generate-docs' {
            break
        }
        'secret;help;push' {
            break
        }
        'secret;help;pull' {
            break
        }
        'secret;help;diff' {
            break
        }
        'secret;help;ssm' {
            break
        }
        'secret;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
