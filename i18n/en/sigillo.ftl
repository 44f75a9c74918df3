# sigillo — English messages.

## Prefixes and questions
error-prefix = Error:
warning-prefix = Warning:
yes-no-default-yes = [Y/n]
yes-no-default-no = [y/N]
yes-no-again = Please answer "y" (yes) or "n" (no).

## Command line
about = Carries Desktop Telematico (Entratel) keys from one PC to another, sealed.
after-help = On the PC where the keys were renewed, "sigillo seal" locks UTEF.P12, UTEC.P12,
    UTENTE.KS and their password into an encrypted vault on the USB stick. On the other PC,
    "sigillo install" opens it, archives the old keys and installs the new ones.
    Without arguments, guided mode starts.
value-lang = LANG
value-folder = FOLDER
value-name = NAME
value-vault = VAULT
help-lang = Language of messages (it, en)
help-yes = Answer yes to every confirmation, "Do other PCs still need this vault?" too: the vault stays on the USB stick (to wipe it: --wipe-vault)
help-passphrase-file = File whose first line is the vault passphrase
help-password-file = File whose first line is the keys' password
help-help = Show this help
help-version = Show the version
# sigillo --version: "sigillo 0.1.0 (commit …)": the commit it was built from, or that it is not known.
version-commit = commit { $commit }
version-commit-unknown = commit unknown
about-seal = Seal this PC's keys into a vault on the USB stick
about-verify = Open and check a vault without changing anything
help-from = Folder holding UTEF.P12, UTEC.P12 and UTENTE.KS
help-out = Where to write the vault (default: chiavi-YYYY-MM-DD.age beside sigillo)
help-subject = A label for the keys (the office or holder)
help-armor = Write the vault as text (ASCII armor), to attach to an e-mail
help-vault = The vault to check
rec-usage = For the list of commands and options: sigillo --help
usage-unknown-argument = Unknown argument: { $arg }
usage-unknown-command = Unknown command: { $arg }
usage-missing = A required argument is missing: { $arg }
usage-invalid-value = Invalid value for { $arg }: "{ $value }"
usage-other = The command line is not correct.

## Errors: what happened
err-read = Cannot read "{ $path }": { $reason }.
err-write = Cannot write "{ $path }": { $reason }.
err-not-a-folder = "{ $path }" is not a folder.
err-key-missing = { $name } is missing from the folder "{ $dir }".
err-key-empty = The file "{ $path }" is empty.
err-key-too-large = The file "{ $path }" is too large to be a key file.
err-key-twice = The same key file is there twice: "{ $first }" and "{ $second }".
err-key-not-key = The file "{ $path }" is not a Desktop Telematico key file: { $what ->
    [text] it is a text file.
    [html] it is a web page (HTML).
    [zip] it is a ZIP archive (perhaps the keys are still packed inside).
    [pdf] it is a PDF document.
    [not-a-file] it is not a regular file.
   *[other] it does not look like a key file.
}
err-needs-terminal-passphrase = The vault passphrase is needed, but there is no terminal to ask for it.
err-needs-terminal-password = The keys' password is needed, but there is no terminal to ask for it.
err-secret-file-empty = The first line of "{ $path }" is empty.
err-secret-file-not-text = The first line of "{ $path }" is not readable text (UTF-8).
err-passphrase-weak = The passphrase is too easy to guess.
err-vault-exists = The file "{ $path }" already exists.
err-vault-unreadable = The vault "{ $path }" does not open: the passphrase is wrong, or the file is damaged or not a sigillo vault.
err-vault-too-costly = The vault "{ $path }" asks for excessive decryption work (factor { $factor }): sigillo never makes such vaults.
err-read-back = The vault written to "{ $path }" does not read back the same: the USB stick may be faulty. The file was deleted.
err-same-file = "{ $path }" is one of the key files: it cannot also be the vault.
err-cancelled = Cancelled; nothing was changed.
# Vault read from its header, before the passphrase
err-vault-too-weak = The vault "{ $path }" is protected by too little decryption work (factor { $factor }): sigillo never makes such vaults.
err-vault-is-folder = "{ $path }" is a folder, not a vault.
err-vault-empty = The file "{ $path }" is empty: it is not a vault.
err-not-a-vault = The file "{ $path }" is not a sigillo vault.
err-not-passphrase-vault = The file "{ $path }" is encrypted to a key, not with a passphrase: it is not a sigillo vault.
err-vault-header-damaged = The vault "{ $path }" is incomplete or damaged from its start: the copy to the stick may have been interrupted.
# The passphrase is right (the header proves it), the rest of the file is not
err-vault-body-damaged = The passphrase is right, but the vault "{ $path }" is damaged or incomplete: the copy to the stick may have been interrupted.
# The passphrase is right and the file whole, but it is not a vault this sigillo reads
err-vault-foreign = The passphrase is right and the file "{ $path }" is whole, but it is not a vault this version of sigillo can read: it was made with another version of sigillo, or with another program.

# Secrets only on the terminal, strong passphrases
err-passphrase-has-password = The passphrase contains the keys' password: whoever knows the password would open the vault.
err-no-terminal-to-show = The generated passphrase must be shown on the terminal, but there is none (the output may end up in a file): nothing was written.
# Three typed passphrases refused (issue 22): not accepted, not "cancelled"
err-passphrase-not-accepted-weak = Passphrase not accepted: at the third try it was still too easy to guess. Nothing was written.
err-passphrase-not-accepted-password = Passphrase not accepted: at the third try it still held the keys' password. Nothing was written.
err-passphrase-not-accepted-repeat = Passphrase not accepted: at the third try the two entries did not match. Nothing was written.

## Errors: what to do
rec-read = Check the path is right and the file is accessible, then try again.
rec-write = Check the folder exists, is writable and the USB stick is plugged in, then try again.
rec-full = The disk is full: free some space or use another USB stick, then try again.
rec-not-a-folder = Give the folder holding UTEF.P12, UTEC.P12 and UTENTE.KS.
rec-key-missing = The keys are three files that travel together: give the folder holding all of them.
rec-key-bad = Copy the keys again from the Desktop Telematico folder and try again.
rec-key-twice = Keep one copy (the newest) and move the other out of the folder.
rec-needs-terminal-passphrase = Start sigillo from a terminal window, or give the file with --passphrase-file.
rec-needs-terminal-password = Start sigillo from a terminal window, or give the file with --password-file.
rec-secret-file = Write the secret on the first line of the file and try again.
rec-passphrase-weak = Let sigillo generate one (recommended), or choose at least six uncommon words, separated by different marks (for example - . /): no well-known phrases, names, cities, numbers, months or office words.
rec-vault-exists = Choose another name with --out, or confirm replacing it with --yes.
rec-vault-unreadable = Check the passphrase with whoever prepared the stick; if it is right, ask for a new vault.
rec-vault-too-costly = This file does not come from sigillo: ask for a new vault.
rec-read-back = Try again with another USB stick.
rec-same-file = Give a different file with --out, for example on the USB stick.
rec-cancelled = When ready, run the command again.
# Vault read from its header, before the passphrase
rec-vault-is-folder = Give the vault file (for example chiavi-YYYY-MM-DD.age), not the folder that holds it.
rec-vault-cut-short = Copy the vault to the stick again, or ask for a new one.
rec-vault-foreign = Copying it again will not help: open it with the version of sigillo that made it (the one on the stick of whoever made it), or ask for a new one made with this version.
rec-not-a-vault = Give the .age file made with "sigillo seal".
rec-not-passphrase-vault = Give the .age file made with "sigillo seal".

## Safety: files sigillo does not touch
err-unsafe-journal = The file "{ $path }" is not a journal sigillo would have written: it names files or folders out of place. For safety nothing was touched.
rec-unsafe-journal = Someone may have put it there on purpose: do not open or delete it; have the key folder checked by your IT support. If the interrupted install used --archive-dir, repeat the command with the same option.
err-unsafe-key-link = "{ $path }" is a link, not a key file: sigillo does not move it.
err-unsafe-key-not-regular = "{ $path }" is not a regular file: sigillo does not move it.
err-unsafe-key-too-large = "{ $path }" is larger than any key file (over 1 MiB): sigillo does not move it.
rec-unsafe-key = No file was moved. Put the real file in its place (a copy, not a link), or take it out of the folder, then try again.
err-unsafe-link = "{ $path }" is a link: sigillo never writes through links.
rec-unsafe-link = No file was moved. Replace the link with a real folder (or file), or choose another folder with --archive-dir.
err-unsafe-hard-linked = "{ $path }" has other names too (hard links): overwriting it would destroy their contents as well. It was not touched.
rec-unsafe-hard-linked = If the file really has to go, delete it normally, without sigillo.
err-unsafe-own-file = "{ $path }" should be one of sigillo's own files, but it has other names (hard links) or is not a plain file: sigillo does not write to it, so as not to change another file too. Nothing was changed.
rec-unsafe-own-file = Someone may have put it there on purpose: have the folder checked by your IT support. If it is there by mistake, remove it by hand and try again.
err-unsafe-swapped = "{ $path }" was replaced by another file while it was being wiped: its contents were already overwritten, the new file was not touched.
rec-unsafe-swapped = Someone else is writing in this folder: check it and, if needed, ask your IT support.
err-unsafe-not-removed = The contents of "{ $path }" were overwritten and emptied, but its name is still in the folder.
rec-unsafe-not-removed = The file is empty now: delete it normally. If the name comes back, someone else is writing in this folder: ask your IT support.

io-hard-linked = the file has other names too (hard links)
io-swapped = the file was replaced by another during the operation
io-not-removed = the file was emptied but its name remained
io-unsafe = the file is not as sigillo left it
leftovers-ask-keys = Wipe them? Some are copies of key files: answer yes only if they are not the keys in use
leftovers-not-removable = sigillo does not seem to run from a removable stick ("{ $dir }"): these copies of key files are not offered for wiping, they may be the ones in use:
# Secrets only on the terminal, strong passphrases
rec-passphrase-has-password = Choose a passphrase that does not contain the password, or let sigillo generate one.
rec-no-terminal-to-show = Start sigillo from a terminal window, or choose a passphrase and give it with --passphrase-file.
rec-passphrase-not-accepted = Start again and let sigillo generate the passphrase (recommended), or choose one of at least six uncommon words, separated by different marks.
rec-passphrase-not-repeated = Start again and type the passphrase calmly, the same both times (mind the Caps Lock key), or let sigillo generate it.

## System error reasons
io-not-found = it does not exist
io-permission = access denied
io-full = the disk is full
io-read-only = the disk is read-only
io-exists = it already exists
# Other common reasons (the system's text follows in brackets)
io-name-invalid = the file name is too long or not valid
io-not-a-directory = part of the path is not a folder
io-is-a-directory = it is a folder
io-not-empty = the folder is not empty
io-busy = the file is in use by another program
io-too-large = the file is too large for this disk
io-timed-out = the disk did not answer in time
io-crosses-devices = it cannot be moved between different disks
io-cut-short = the file ends earlier than expected
io-link = it is a link, which sigillo does not follow

# Windows: a file open in another program (issue 13)
io-in-use = the file is open in another program

## Sealing
seal-found = Keys found in "{ $dir }":
seal-found-file = {"  "}{ $name } ({ $size ->
        [one] 1 byte
       *[other] { $size } bytes
    })
# A size in a listing
size-bytes = { $size ->
        [one] 1 byte
       *[other] { $size } bytes
    }
prompt-password = The keys' password (the Desktop Telematico one):{" "}
prompt-password-again = Repeat the keys' password:{" "}
password-empty = The password cannot be empty.
secrets-differ = The two entries differ; try again.
password-unusual-length = The password has { $chars ->
        [one] 1 character
       *[other] { $chars } characters
    }; Desktop Telematico uses 8 to 20. Check it is the right one.
ask-generate-passphrase = sigillo will now generate a passphrase for the vault (recommended). Generate it?
prompt-new-passphrase = New vault passphrase:{" "}
prompt-passphrase-again = Repeat the passphrase:{" "}
seal-done = Vault written and checked again: "{ $path }".
check-code = Check code: { $code }
seal-passphrase-intro = sigillo has generated the vault passphrase: write it down on paper, not on the stick.
seal-passphrase-label = Passphrase:
seal-passphrase-advice = Tell the passphrase by phone to whoever installs the keys: never on the USB stick, never in the same e-mail as the vault.
# The passphrase is handed over before the vault is written
seal-ask-written-down = Passphrase written down? The vault is written to the stick only after this confirmation.
seal-passphrase-again = Here is the passphrase again.
# A typed passphrase is rated at once, with the way to have one generated (issue 22)
prompt-passphrase-or-generate = Type another passphrase, or press Enter to use a generated one:{" "}
passphrase-switch-to-generated = Using a passphrase generated by sigillo.
# At the third try, no invitation to try again
secrets-differ-last = The two entries differ.
passphrase-rating = Strength of this passphrase: { $level ->
        [very-low] very low
        [low] low
        [almost] almost enough
       *[enough] enough
    }. At least "enough" is needed: whoever tries to guess it knows the commonest Italian words, names, cities, numbers, months and office words. A passphrase generated by sigillo is enough.

## Opening and checking
prompt-passphrase = Vault passphrase:{" "}
passphrase-retry = The vault does not open with this passphrase. Tries left: { $left }.
verify-ok = The vault "{ $path }" is intact.
verify-sealed = Sealed on { $when } on the PC "{ $host }" ({ $by }).
verify-subject = Subject: { $subject }
verify-files = Key files:
verify-password-yes = The keys' password is included.
verify-password-no = The keys' password is not included.
# Unusual work factor
vault-unusual-work-factor = The vault "{ $path }" was not made with sigillo's settings (work factor { $factor }, sigillo uses 18): open it only if it comes from someone you trust.

## Certificates
err-wrong-password = The password does not open "{ $path }".
rec-wrong-password = Check the password (upper and lower case matter): it is the one used in Desktop Telematico. If it is right, the file may be damaged: copy it again from the Desktop Telematico folder.
err-mixed-set = "{ $path }" does not belong with the other two files (another generation or another holder).
rec-mixed-set = Copy the three files of the latest generation together again from the Desktop Telematico folder.
err-needs-confirmation = A confirmation is needed, but there is no terminal to ask for it.
rec-needs-confirmation = Start sigillo from a terminal window, or confirm with --yes.
finding-unreadable = The certificates of "{ $name }" could not be read; the file will be carried as it is anyway.
finding-unsupported = "{ $name }" uses an algorithm sigillo cannot read ({ $what }): its certificates were not read and the password was not checked on this file. The file will be carried as it is anyway.
finding-password-unchecked = The password cannot be checked for "{ $name }": the file has neither an integrity code (MAC) nor encrypted content to check it with.
ask-seal-password-unchecked = Seal anyway, without knowing whether the password opens "{ $name }"?
finding-password-unproven = The password was proven on none of the three files: they are too costly to check or use algorithms sigillo cannot read (see above).
ask-seal-password-unproven = Seal anyway, without knowing whether the password opens the files?
finding-expired = { $count ->
        [one] The certificate of { $names } expired on { $date }.
       *[other] The certificates of { $names } expired on { $date }.
    }
finding-weak = The key of "{ $name }" has only { $bits } bits: it is weak.
ask-seal-anyway = Seal these keys anyway?
verify-certificates = Certificates:
verify-certificate = {"  "}{ $file }: { $subject }, serial { $serial }, valid from { $from } to { $to }, { $bits }-bit key
# Without --details
verify-certificate-short = {"  "}{ $file }: { $subject }, valid from { $from } to { $to }


# A mixed set (issue 11): a file of another generation, not a wrong password.
mixed-generations = "{ $name }" is from another generation of keys: its certificate is valid from { $from } to { $to }, the other files' from { $other_from } to { $other_to }.
mixed-generation-unknown = "{ $name }" is from another generation of keys (or damaged): the password opens the other two files (valid from { $other_from } to { $other_to }) but not this one, and its dates cannot be read without its own password.
finding-no-private-key = "{ $name }" holds the certificate but not the private key: Desktop Telematico cannot sign or decrypt with this file.
# One part of the file (MAC, certificates, private key) uses an unsupported algorithm; the rest was read.
finding-unsupported-part = { $part ->
        [mac] The integrity code (MAC) of "{ $name }" uses an algorithm sigillo cannot check ({ $what })
        [key] The private key of "{ $name }" is protected with an algorithm sigillo cannot check ({ $what })
        [keysafe] The private key of "{ $name }" is in a part encrypted with an algorithm sigillo cannot read ({ $what }), and was not read
       *[certificates] The certificates of "{ $name }" are encrypted with an algorithm sigillo cannot read ({ $what }) and were not read
    }: { $proven ->
        [yes] the password was checked on this file in another way.
       *[no] the password was not checked on this file.
    } The file will be carried as it is anyway.
finding-password-too-costly = The password could not be checked for "{ $name }": it does not open the file in the usual form, and checking it in the form of older files (OpenSSL before 1.1) takes more work than sigillo allows for one file. It is not necessarily wrong.
algorithm-unknown = unknown

## Finding the key folder
locate-searching = Looking for the Desktop Telematico key folder…
locate-found-one = Found: "{ $dir }".
locate-found-several = I found several folders with keys:
locate-ask-number = Which one? (number, 0 to cancel):{" "}
locate-bad-number = Type one of the numbers in the list.
locate-ask-folder = I found no keys. Type the folder's path (Enter to cancel):{" "}
locate-modified = keys of { $date }
locate-expires = expire { $date }
# A typed folder that will not do: said at once and asked again (issue 22)
locate-ask-folder-again = Type the path of another folder (Enter to cancel):{" "}
locate-typed-missing = The folder "{ $dir }" does not exist.
locate-typed-not-folder = "{ $dir }" is a file, not a folder.
locate-typed-no-keys = The folder "{ $dir }" { $count ->
        [one] lacks the file { $names }
       *[other] lacks the files { $names }
    }: the keys are in the folder that holds UTEF.P12, UTEC.P12 and UTENTE.KS.
err-no-key-folder = I could not find the Desktop Telematico key folder.
err-several-key-folders = I found { $count } folders with keys and do not know which one to use.
rec-key-folder = Give the folder with --dir (or --from, --to).
# Search progress
locate-progress = Searching: { $count ->
        [one] 1 folder read
       *[other] { $count } folders read
    }

# Windows: the VirtualStore copy (issue 13)
locate-virtual-store = Note: "{ $store }" is the copy Windows keeps for this user in place of "{ $real }" (VirtualStore). Desktop Telematico, started by this user, really uses the VirtualStore copy.

## Status
about-status = Show this PC's keys: files, certificates, expiry, archives
help-dir = Key folder (searched for when not given)
help-ics = Write a calendar reminder (.ics) for the renewal to this file
status-folder = Keys in "{ $dir }":
status-missing = { $name } is missing.
status-no-certificates = The certificates could not be read.
status-certificates-keystore = Certificates (read from UTENTE.KS, without the password):
status-certificates-with-password = Certificates (read with the password):
role-firma = signing
role-cifratura = encryption
role-unknown = key
status-certificate = {"  "}{ $role } ({ $file }): { $subject }{ $serial }, { $state ->
        [expired] expired on { $to } ({ $days ->
            [one] 1 day ago
           *[other] { $days } days ago
        })
        [today] expires today, { $to }
       *[valid] expires { $to } ({ $days ->
            [one] 1 day left
           *[other] { $days } days left
        })
    }, { $bits } bits
status-weak-key = The { $role } key has { $bits } bits: at least { $minimum } are needed.
status-valid = The keys expire on { $date }: { $days ->
        [one] 1 day left
       *[other] { $days } days left
    }.
status-expiring = The keys expire on { $date }, { $days ->
        [0] today
        [one] tomorrow
       *[other] in { $days } days
    }: renew them by then.
status-expired = The keys expired on { $date }: renew them now.
status-ics-written = Reminder written to "{ $path }" for { $date }.
status-archives = Archived keys:
status-no-archives = No archived keys.
ics-summary = Renew the Desktop Telematico keys (they expire on { $date })
ics-description = The Desktop Telematico keys { $subject } expire in 30 days. Renew them on the main PC and carry them to the other PCs with sigillo.
# Reminder for keys already expired
status-ics-expired = The keys have already expired: no reminder written to "{ $path }". Renew them now.
# With --details
status-certificate-serial = , serial { $serial }
# A UTENTE.KS that encrypts its certificates (PKCS#12): why they are not shown and how to see them
status-certificates-locked = The certificates of { $name } are protected by the keys' password: without the password neither their holder nor their expiry can be read.
status-rec-password = To read them: run again with --password-file FILE (the password on the first line of the file), or from a terminal window, where sigillo asks for the password.
prompt-status-password = The keys' password, to read the certificates (Enter to skip):{" "}
# A UTENTE.KS entry whose certificates do not say its role: its name in the file
role-entry = key "{ $alias }"
role-entry-number = key no. { $number }
status-weak-key-entry = The { $label } has { $bits } bits: at least { $minimum } are needed.
status-roles-need-password = Which key is for signing and which for encryption shows with the keys' password (from the files UTEF.P12 and UTEC.P12).

## Installing: errors
err-program-running = Desktop Telematico is open ({ $name }, process { $pid }).
rec-program-running = Close Desktop Telematico and try again: no file was touched.
err-not-writable = The folder "{ $path }" cannot be written.
rec-not-writable = Check the folder's permissions (or that the disk is not read-only) and try again: no file was touched.
err-downgrade = The vault's keys (expiry { $vault }) are older than the installed ones (expiry { $installed }).
rec-downgrade = Ask for a vault with the new keys; if you really want to go back, use --force.
err-verify-failed = The files installed in "{ $dir }" do not match the vault: the previous keys were put back.
rec-verify-failed = Check the disk and try again; if it happens again, ask for help.
err-journal-damaged = An operation interrupted earlier cannot be completed automatically ("{ $path }").
rec-journal-damaged = Do not delete anything: check the key folder and the "Chiavi di Sicurezza Scadute" folder by hand, or ask for help.
err-busy = Another sigillo is already working on the folder "{ $dir }": nothing was changed.
err-busy-holder = Another sigillo is already working on the folder "{ $dir }" (since { $since }, user { $user } on PC { $host }): nothing was changed.
rec-busy = Wait for the other sigillo to finish (or close it), then try again. Only one sigillo at a time can change a key folder.
err-archive-elsewhere = The archive folder "{ $archive }" is on another disk than the key folder "{ $dir }": the old keys could only be copied and deleted, and sigillo never deletes a key.
rec-archive-elsewhere = No file was moved. Give --archive-dir a folder on the same disk as the keys, or leave --archive-dir out.
err-journal-unwitnessed = The journal "{ $path }" of an interrupted operation was not written by this user's sigillo on this PC (or was changed afterwards): for safety nothing was touched.
rec-journal-unwitnessed = If the interrupted operation was another user's, repeat the command as that user. Otherwise delete nothing: have the key folder and the "Chiavi di Sicurezza Scadute" folder checked by your IT support.
err-nothing-to-roll-back = There are no archived keys to restore for "{ $dir }".
rec-nothing-to-roll-back = There is nothing to undo: the current keys stay as they are.
err-no-vault = I found no vault (.age) in "{ $dir }".
err-several-vaults = I found { $count } vaults and do not know which one to use.
rec-no-vault = Give the vault to install: sigillo install FILE.age
# Missing target folder
err-target-missing = The folder "{ $path }" does not exist.
rec-target-missing = Check the path; for a first install on this PC add --create.
# The stick as the target (the keys would be there in clear)
err-target-on-stick = The keys are not installed in "{ $path }": { $place ->
    [vault] it is the vault's folder, or inside it,
    [stick] it is the folder sigillo runs from (the USB stick), or inside it,
    [drive] it is on the drive sigillo runs from, which is not the system disk and so is taken for the stick,
   *[removable] it is on a removable drive (a USB stick, a memory card),
} and there the key files would stay in clear, readable by anyone who has the stick. Nothing was written.
rec-target-on-stick = { $place ->
    [drive] Give with --to the key folder on this PC's system disk (for example C:\Entratel); if the drive sigillo runs from is a disk of this PC and not the stick, run sigillo from the stick. Not even --force changes this rule.
    [stick] Give with --to this PC's key folder (for example C:\Entratel), outside sigillo's folder: only the encrypted vault travels on the stick. Not even --force changes this rule.
   *[other] Give with --to this PC's key folder (for example C:\Entratel): only the encrypted vault travels on the stick. Not even --force changes this rule.
}
err-target-unresolved = The keys are not installed in "{ $path }": I cannot tell which folder it really is (a link that leads nowhere, a folder that does not open), so it could be on the stick. Nothing was written.
rec-target-unresolved = Check the path and give with --to this PC's key folder (for example C:\Entratel).

# The program found open, and the way out of a false alarm
err-program-running-at = Desktop Telematico is open ({ $name }, process { $pid }, "{ $path }").
rec-program-running-override = If that process is not Desktop Telematico, run again adding --ignore-program { $pid } (it is written in the log).
guard-ignored = Process { $pid } ({ $name }, "{ $path }") looks like Desktop Telematico, but is ignored as asked with --ignore-program; this is written in the log.

# Windows: a file in use, folders that need the administrator (issue 13)
err-file-in-use = The file "{ $path }" is open in another program (Desktop Telematico, the antivirus, a backup program) and could not be moved.
rec-file-in-use = Close the program using the file and try again: the keys are as they were.
rec-file-held = Close the program that keeps the file open, then run the command again.
err-needs-administrator = Only the PC's administrator can write in the folder "{ $path }".
rec-needs-administrator = Start sigillo as administrator (right-click sigillo.exe → Run as administrator) and try again: no file was touched.
err-file-held = The file "{ $path }" is open in another program (Desktop Telematico, the antivirus, a backup program) that does not let it be read, not even after a few seconds of waiting.

## Installing
install-vault-ok = Vault opened and checked: "{ $path }".
install-ask-create = The folder "{ $dir }" does not exist. Create it?
install-already = The vault's keys are already installed in "{ $dir }": nothing to do.
install-target = The new keys will go into "{ $dir }".
install-will-archive = The current keys will be moved (not deleted) to "{ $dir }".
install-first-time = There are no keys to archive in this folder.
install-ask = Go ahead with the installation?
install-done = New keys installed and checked again in "{ $dir }".
install-archived = The previous keys are archived in "{ $dir }".
install-several-vaults = There are several vaults on the USB stick:
install-password-intro = Desktop Telematico will ask for the keys' password.
install-password-label = Keys' password:
install-password-not-shown = The keys' password is not shown without a terminal.
install-ask-keep-vault = Do other PCs still need this vault? (if yes, it stays on the USB stick)
install-vault-kept = The vault stays on the USB stick: "{ $path }". Wipe it once every PC has the new keys.
install-vault-kept-unasked = The vault stays on the USB stick: "{ $path }" (without an answer, or with --yes, it is not wiped). Once every PC has the new keys, wipe it with: sigillo wipe "{ $path }"
install-vault-wiped = Vault wiped from the USB stick: "{ $path }".
install-vault-kept-unseen = The password was not shown, so the vault is not wiped (despite --wipe-vault): it stays on the USB stick, "{ $path }", and it is the only way to see the password. To see it: run the install again from a terminal window (the keys are already installed). Then wipe it with: sigillo wipe "{ $path }"
install-vault-not-wiped = The keys are installed, but the vault cannot be wiped from the USB stick: { $reason }
install-vault-wipe-later = Wipe it later, on a PC where the USB stick can be written: sigillo wipe "{ $path }".
wipe-flash-note = Note: on a USB stick the controller may keep copies of old blocks; they hold only encrypted data, useless without the passphrase.
wipe-flash-note-plaintext = Note: these were plaintext copies. On a USB stick the controller may keep old blocks that no wiping reaches: if the stick ever held keys or passwords in plaintext, stop using it for this (or have it destroyed).
reveal-press-enter = Press Enter to see it (make sure nobody is watching the screen)…
reveal-press-enter-hide = (Enter to hide it)
reveal-hidden = (hidden)
recovered-forward = An interrupted installation in "{ $dir }" was completed: the new keys are in place.
recovered-back = An interrupted operation in "{ $dir }" was undone: the previous keys are in place.
recovered-cleared = In "{ $dir }" the journal of an operation already ended (or not written by this user's sigillo) was left: it was removed. No key file was moved.
swap-set-aside = The copies of the new keys, which were not installed, were set aside (not deleted) in "{ $dir }". The vault stays on the stick.
guard-unknown = I cannot check whether Desktop Telematico is open.
guard-ask-closed = Is Desktop Telematico closed?

# Secrets only on the terminal
reveal-no-terminal = There is no terminal to show the secret on: it is not written to the output, which may end up in a file.
install-password-how-to-see = To see it: run the installation again with this same vault from a terminal window; the keys show as already installed and the password is shown.
install-password-how-to-see-wiped = This vault is now being wiped, as --wipe-vault asks: to see the password, run the installation again from a terminal window with another copy of the vault (the keys show as already installed and the password is shown), or ask whoever prepared the stick.

## Rolling back
rollback-ask = Go ahead with the rollback?
# What comes back and what goes, before the question
rollback-plan-back = Coming back into use: the keys of { $holder }, { $state ->
        [expired] expired on { $date }
        [valid] valid until { $date }
       *[unknown] expiry unknown (it can be read only with their password)
    }, from the archive "{ $from }".
rollback-plan-out = Going out of use: the keys installed now in "{ $dir }" ({ $holder }, { $state ->
        [expired] expired on { $date }
        [valid] valid until { $date }
       *[unknown] expiry unknown
    }): they will be moved (not deleted) to "{ $to }".
rollback-plan-nothing-out = No keys are installed in "{ $dir }": nothing to archive.
rollback-holder-unknown = unknown holder
rollback-restored = Restored in "{ $dir }": the keys that were in the archive "{ $from }".
rollback-set-aside = The keys that were installed are now in "{ $archive }".
rollback-plan-same-keys = The same keys, with another password: the ones coming back open with the password from before, not the current one.
rollback-dates-need-password = The dates of the keys coming back can only be read with their password.
prompt-rollback-password = Password of the keys coming back (Enter to skip):
rollback-password-wrong = The password does not open the keys coming back: their dates remain unknown.


# Expired keys or unreadable dates (issue 11): the guard fails safe.
err-keys-expired = The keys to put in use expired already (on { $date }): Desktop Telematico can no longer sign or send with them.
rec-keys-expired = Get the keys that are still valid; if you really need these (to open old receipts), run again without --yes to confirm, or use --force.
err-dates-unknown = The dates of the keys in "{ $dir }" cannot be read without their password: replacing them with older keys cannot be ruled out.
err-password-unchecked = The password cannot be checked for "{ $path }": with --yes nothing is sealed without that check.
rec-password-unchecked = Run again without --yes to confirm, or use --force if you are sure of the password.
rec-dates-unknown = Run again without --yes to see what is known and confirm, give those keys' password with --password-file, or use --force if you are sure.
install-dates-unknown = The dates of the keys installed in "{ $dir }" cannot be read without their password. This is what is known about the installed files:
install-vault-expiry = The vault's keys expire on { $date }.
install-vault-expiry-unknown = The expiry of the vault's keys cannot be read either.
prompt-old-password = Password of the installed keys (Enter to skip):
install-old-password-wrong = The password does not open the installed keys: their dates remain unknown.
ask-install-dates-unknown = Replace the installed keys anyway (their expiry is unknown)?
ask-install-expired = The vault's keys expired on { $date }. Install them anyway?
rollback-ask-expired = The keys coming back into use expired on { $date }: Desktop Telematico can no longer sign or send with them. Bring them back anyway?
rollback-ask-dates-unknown = Whether the keys coming back into use have expired cannot be known: their dates can be read only with their password. Bring them back anyway?
help-force-rollback = Bring back even expired keys, or keys of unknown date, without asking

## Commands: install, rollback, wipe
about-install = Install the vault's keys on this PC (the old ones are archived)
about-rollback = Undo the last installation: put the archived keys back
about-wipe = Overwrite and delete files (vault, Password.txt, key copies)
help-install-vault = The vault to install (looked for beside sigillo when not given)
help-to = Desktop Telematico key folder (searched for when not given)
help-archive-dir = Where to archive the old keys (default: "Chiavi di Sicurezza Scadute" beside the key folder)
help-keep-vault = Leave the vault on the USB stick (other PCs need it)
help-wipe-vault = Wipe the vault from the USB stick after installing, without asking, even if the password was not shown
help-force-seal = Seal even when the password cannot be checked on a file, without asking
help-force = Install even keys older than the installed ones, already expired, or when the installed ones' dates cannot be read
help-wipe-files = The files to overwrite and delete
err-not-a-file = "{ $path }" is not a file: sigillo only wipes files, never folders.
rec-not-a-file = Name the files to wipe one by one.
err-wipe-link = "{ $path }" is a link: sigillo does not wipe through links. Neither the link nor the file it points to was touched.
rec-wipe-link = To wipe the file, name the file itself, not the link.
wipe-list = These files will be overwritten and deleted:
wipe-ask = Delete them for good?
wipe-done = Wiped: "{ $path }".
leftovers-found = The USB stick ("{ $dir }") holds plaintext copies left by the old procedure:
leftovers-how = To wipe them: sigillo wipe FILE...
leftovers-kept = The plaintext copies stay on the USB stick.
leftovers-ask = Wipe them (recommended)?
# New options
help-create = Create the --to folder when it does not exist (first install on this PC)
help-details = Show SHA-256 values, full certificate names and serial numbers (verify always does)

# False alarm of the program check
help-ignore-program = Do not take the process with this number (PID) for Desktop Telematico, when the check mistakes it for the program; written in the log
value-pid = PID

# The window (Windows)
help-console = Windows: the console menu even on a double-click, no window
help-json = Write every event as one JSON line on standard output, for scripts (asks nothing)

## Guided mode
wizard-err-no-terminal = Guided mode needs a terminal window to show its menu.
wizard-rec-no-terminal = Open sigillo with a double-click or from a terminal window, or use the commands listed above.
err-json-needs-command = --json needs a command: guided mode asks questions, and --json asks none.
rec-json-needs-command = Name the command, for example: sigillo --json verify VAULT --passphrase-file FILE
wizard-title = sigillo — Desktop Telematico keys from one PC to another
wizard-stick = USB stick: "{ $dir }"
wizard-menu = What do you want to do?
wizard-menu-seal = Prepare the USB stick on this PC (seal the keys)
wizard-menu-install = Install the keys from the USB stick on this PC
wizard-menu-status = Check the keys on this PC
wizard-menu-rollback = Undo the last installation
wizard-menu-wipe = Wipe files from the USB stick
wizard-menu-leave = Leave
wizard-choice = Choice (0-5):{" "}
wizard-bad-choice = Type a number from 0 to 5.
wizard-bye = Done.
wizard-rec-no-vault = Prepare the USB stick on the PC where the keys were renewed (menu item 1), or copy the vault (.age) beside sigillo.
wizard-rec-key-folder = Type the path of the folder holding UTEF.P12, UTEC.P12 and UTENTE.KS.
wizard-rec-target-on-stick = { $place ->
    [drive] Choose the key folder on this PC's system disk (for example C:\Entratel); if the drive sigillo runs from is a disk of this PC and not the stick, run sigillo from the stick.
    [stick] Choose this PC's key folder (for example C:\Entratel), outside sigillo's folder: only the encrypted vault travels on the stick.
   *[other] Choose this PC's key folder (for example C:\Entratel): only the encrypted vault travels on the stick.
}
wizard-rec-target-unresolved = Check the path and choose this PC's key folder (for example C:\Entratel).
wizard-seal-intro = The three Desktop Telematico keys of this PC and their password go into an encrypted vault on the USB stick. The keys on this PC stay as they are.
wizard-seal-keys = Keys to seal: { $folder }
wizard-seal-out = The vault will be written on the USB stick: "{ $path }".
wizard-seal-replace = The USB stick already holds "{ $path }". Replace it with the new one?
wizard-seal-ask = Go ahead? (you will be asked for the keys' password and the passphrase)
wizard-seal-next = Now take the USB stick to the other PC and tell the passphrase by phone; there, open sigillo and choose 2.
wizard-install-intro = The vault on the USB stick is opened and checked; the current keys of this PC are moved to the archive (not deleted) and replaced by the new ones. You are asked before anything changes.
wizard-install-vault = Vault found: "{ $path }" (check code { $code }).
wizard-install-check-code = The check code must match the one read by whoever prepared the USB stick.
wizard-status-intro = Here are the keys of this PC: files, certificates and expiry. Nothing is changed.
wizard-rollback-intro = The keys archived by the last installation go back into the key folder; the current ones are archived, not deleted. You are asked first.
wizard-wipe-intro = The USB stick is searched for vaults and for plaintext copies left by the old procedure (Password.txt, copies of UTEF.P12, UTEC.P12, UTENTE.KS). Each file is overwritten, then deleted, only after you confirm.
wizard-wipe-nothing = The USB stick ("{ $dir }") holds nothing to wipe.
wizard-wipe-vaults = The USB stick holds these vaults:
wizard-wipe-ask-vaults = Wipe them? (only if no other PC needs them any more)
wizard-press-enter-to-close = Press Enter to close.
# Remembered folder
wizard-remembered-folder = Using the key folder chosen earlier: "{ $dir }".
# Not on a USB stick (issue 13)
wizard-stick-not-removable = sigillo is not on a USB stick: "{ $dir }" is not a removable drive. The vault will be written here, and copies of key files found here will not be offered for wiping. To carry the keys to another PC, copy sigillo to a USB stick and start it from there.

## The window (Windows, double-click)
gui-explain-seal = On the PC where the keys were renewed: locks them and their password into an encrypted vault on the USB stick.
gui-explain-install = On the other PC: opens the vault, archives the old keys and installs the new ones.
gui-explain-status = Shows this PC's keys and when they expire. Changes nothing.
gui-explain-rollback = Puts back the keys archived by the last installation.
gui-explain-wipe = Overwrites and deletes vaults and plaintext copies from the USB stick.
gui-yes = &Yes
gui-no = &No
gui-next = &Next
gui-back = &Back
gui-cancel = Cancel
gui-cancelling = Cancelling…
gui-browse = B&rowse…
gui-browse-title = Choose the key folder
gui-choose = Which one? Select it in the list, then press Next.
gui-internal-error = sigillo stopped because of an internal error.
gui-rec-internal-error = Close sigillo and open it again: an installation left halfway is completed or undone at the start, without losing the keys.
gui-proceed = &Proceed
gui-details = &Details
gui-open-folder = Open &folder
gui-show-secret = &Show
gui-plan-seal = Check before preparing the USB stick
gui-plan-seal-from = The keys in: "{ $path }"
gui-plan-seal-out = go into the vault: "{ $path }"
gui-plan-install = Check before installing the new keys
gui-plan-holder = Holder: { $holder }
gui-plan-expires = Expiry: { $date }
gui-plan-expires-unknown = Expiry: not readable from the certificates
gui-plan-target = The new keys go into: "{ $path }"
gui-plan-archive = The present keys go to the archive: "{ $path }"
gui-plan-no-archive = This folder has no keys to archive.
gui-plan-check-code = Check code
gui-plan-compare = It must be the same as the code read on the phone by whoever prepared the USB stick.
gui-plan-rollback = Check before putting the previous keys back
gui-plan-rollback-from = The keys archived in: "{ $path }"
gui-plan-rollback-target = come back into: "{ $path }"
gui-plan-rollback-set-aside = The present keys go to: "{ $path }"
gui-plan-wipe = { $count ->
        [one] This file is overwritten and deleted:
       *[other] These { $count } files are overwritten and deleted:
    }
gui-working = sigillo is working…
gui-working-search = Looking for the key folder: { $folders } folders looked at…
gui-working-deriving = Opening the vault: this takes a few seconds…
gui-working-checking = Checking the keys…
gui-wrong-passphrase = Wrong passphrase. { $tries ->
        [one] One try left.
       *[other] { $tries } tries left.
    }
gui-wrong-password = Wrong password. { $tries ->
        [one] One try left.
       *[other] { $tries } tries left.
    }
gui-result-sealed = The USB stick is ready: the keys are in the vault.
gui-result-verified = The vault opens and is intact.
gui-result-installed-wiped = New keys installed; the vault was wiped.
gui-result-installed-kept = New keys installed; the vault stays on the USB stick.
gui-result-already = The keys were already installed: nothing changed.
gui-result-status = These are this PC's keys.
gui-result-rolled-back = The previous keys are back in place.
gui-result-wiped = { $count ->
        [one] One file wiped from the USB stick.
       *[other] { $count } files wiped from the USB stick.
    }
gui-result-finished = Finished.
gui-result-stopped-late = Stopped, but something had already been done.
gui-detail-see-details = Press Details to read everything that was done.
gui-detail-key-folder = Key folder: "{ $path }"
gui-detail-archive = Old keys archived in: "{ $path }"
gui-detail-no-archive = There were no old keys to archive.
gui-detail-vault-wiped = The vault was wiped from the USB stick.
gui-detail-vault-kept = The vault stays on the USB stick: "{ $path }". Wipe it once every PC has the new keys.
gui-detail-vault-not-wiped = The vault could not be wiped: it is still on the USB stick ("{ $path }").
gui-detail-vault = Vault: "{ $path }"
gui-detail-from = Taken from the archive: "{ $path }"
gui-detail-set-aside = The keys taken out are in: "{ $path }"
gui-detail-tell-code = Read this code on the phone to whoever installs the keys: their PC must show the same.
gui-failed = It did not work.
gui-failed-seal = The USB stick was not prepared.
gui-failed-install = The new keys were not installed.
gui-failed-status = This PC's keys could not be checked.
gui-failed-rollback = The previous keys were not put back.
gui-failed-wipe = The wipe did not succeed.
gui-plan-seal-files = Files: { $files }
gui-plan-expired = Expiry: { $date } (already expired)
gui-result-installed = New keys installed.
gui-result-done-then-failed = { $done } Then something did not work:

## Interruption (Ctrl-C): one true line about what changed (issue 22)
interrupted-nothing = Interrupted: nothing was changed.
interrupted-done = Interrupted. Already done before the interruption: { $changes }.
interrupted-written = wrote the file "{ $path }"
interrupted-installed = new keys installed in "{ $dir }"
interrupted-installed-archived = new keys installed in "{ $dir }" (the previous ones are in the archive)
interrupted-rolled-back = archived keys put back in "{ $dir }"
interrupted-recovered = completed the operation left half done in "{ $dir }"
interrupted-wiped = wiped the file "{ $path }"

## When the set itself changes (issue 22): a changed password, another holder, a vault that does not tell the truth
install-same-keys-new-password = Same keys, password changed: the vault's files hold the same certificates as the installed ones, protected by another password. The copies with the old password go to the archive: they have not expired.
install-same-keys = Same keys: the vault's files hold the same certificates as the installed ones, but their contents differ.
install-same-keys-unproven = The certificates that can be read say the installed keys are the vault's, perhaps under another password; the other installed files do not open without their current password, so this is not verified. The current copies go to the archive as "Sostituite il" (replaced on), not as expired. To verify it: run again with --password-file and the current password.
install-reissue = The vault's keys have the same dates as the installed ones but are other keys: a re-issue for the same holder.
install-other-holder = The vault's keys belong to another holder: the installed keys are "{ $installed }"'s, the vault's are "{ $incoming }"'s.
ask-install-other-holder = Replace the keys of "{ $installed }" with those of "{ $incoming }"?
err-other-holder = The vault's keys ("{ $incoming }") belong to another holder than the installed ones ("{ $installed }"): they were not installed.
rec-other-holder = Check that this is the right vault for this PC; to really replace the keys, run again without --yes and confirm, or use --force.
vault-certificates-unread = The certificates of the vault's files could not be read: those listed are what the description written by whoever sealed it says.
vault-manifest-holder-differs = The vault's description says "{ $claimed }", but the files' certificates belong to "{ $actual }".
vault-manifest-expiry-differs = The vault's description says the keys expire on { $claimed }, but the files' certificates expire on { $actual }.
vault-manifest-bits-differ = The vault's description says the key of "{ $file }" has { $claimed } bits, but the file's has { $actual } bits.
vault-manifest-certificates-differ = The certificates the vault describes are not those of the files it holds. Those listed above are the files'.
password-opens-some = The password opens { $opened } but not { $refused }.
mixed-two-generations = The files are of two generations of keys: the certificates of { $opened } are valid from { $from } to { $to }, those of { $refused } from { $other_from } to { $other_to }.
list-and = and
list-nor = nor
err-key-mismatch = The private key of "{ $path }" does not match its certificate: the file does not hold that holder's keys.
rec-key-mismatch = Copy the three files again from the Desktop Telematico folder of the PC that really uses them; if the problem stays, ask for support.
err-vault-set-refused = { $problem } The vault's keys were not installed: nothing changed on this PC.
rec-vault-set-refused = Seal the keys again on the source PC (sigillo checks the files) and use the new vault.
vault-password-opens-none = The password included in the vault opens none of its files.
forced-other-holder = The vault's keys ("{ $incoming }") are another holder's than the installed ones ("{ $installed }"): installed anyway, as asked with --force.
forced-keys-expired = The keys to put in use expired already (on { $date }): installed anyway, as asked with --force.
forced-dates-unknown = The dates of the keys in "{ $dir }" cannot be read without their password: replaced anyway, as asked with --force.
forced-downgrade = The vault's keys (expiring { $vault }) are older than the installed ones (expiring { $installed }): installed anyway, as asked with --force.
forced-password-unchecked = The password cannot be checked for "{ $path }": sealed anyway, as asked with --force.
ask-install-holder-unknown = Whose keys are installed cannot be read without their password, and when they expire is unknown: replace them anyway?
holder-with-serial = { $name }, certificate serial number { $serial }
verify-set-refused = { $problem } "sigillo install" will refuse these keys.
audit-not-written = The keys are in place, but the archive's log was not updated: { $problem }
