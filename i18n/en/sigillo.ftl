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
help-yes = Answer yes to every confirmation
help-passphrase-file = File whose first line is the vault passphrase
help-password-file = File whose first line is the keys' password
help-help = Show this help
help-version = Show the version
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
err-key-not-key = The file "{ $path }" does not look like a Desktop Telematico key file.
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
rec-passphrase-weak = Use at least 12 varied characters, or let sigillo generate one.
rec-vault-exists = Choose another name with --out, or confirm replacing it with --yes.
rec-vault-unreadable = Check the passphrase with whoever prepared the stick; if it is right, ask for a new vault.
rec-vault-too-costly = This file does not come from sigillo: ask for a new vault.
rec-read-back = Try again with another USB stick.
rec-same-file = Give a different file with --out, for example on the USB stick.
rec-cancelled = When ready, run the command again.

## System error reasons
io-not-found = it does not exist
io-permission = access denied
io-full = the disk is full
io-read-only = the disk is read-only
io-exists = it already exists

# Windows: a file open in another program (issue 13)
io-in-use = the file is open in another program

## Sealing
seal-found = Keys found in "{ $dir }":
seal-found-file = {"  "}{ $name } ({ $size } bytes)
prompt-password = The keys' password (the Desktop Telematico one):{" "}
prompt-password-again = Repeat the keys' password:{" "}
password-empty = The password cannot be empty.
secrets-differ = The two entries differ; try again.
password-unusual-length = The password has { $chars } characters; Desktop Telematico uses 8 to 20. Check it is the right one.
ask-generate-passphrase = sigillo will now generate a passphrase for the vault (recommended). Generate it?
prompt-new-passphrase = New vault passphrase:{" "}
prompt-passphrase-again = Repeat the passphrase:{" "}
seal-done = Vault written and checked again: "{ $path }".
check-code = Check code: { $code }
seal-passphrase-intro = Here is the vault passphrase. It is shown only now: write it down.
seal-passphrase-label = Passphrase:
seal-passphrase-advice = Tell it by phone to whoever installs the keys: never on the USB stick, never in the same e-mail as the vault.

## Opening and checking
prompt-passphrase = Vault passphrase:{" "}
passphrase-retry = The vault does not open with this passphrase. Tries left: { $left }.
verify-ok = The vault "{ $path }" is intact.
verify-sealed = Sealed on { $when } on the PC "{ $host }" ({ $by }).
verify-subject = Subject: { $subject }
verify-files = Key files:
verify-password-yes = The keys' password is included.
verify-password-no = The keys' password is not included.

## Certificates
err-wrong-password = The password does not open "{ $path }".
rec-wrong-password = Check the password (upper and lower case matter): it is the one used in Desktop Telematico. If it is right, the file may be damaged: copy it again from the Desktop Telematico folder.
err-mixed-set = "{ $path }" does not belong with the other two files (another generation or another holder).
rec-mixed-set = Copy the three files of the latest generation together again from the Desktop Telematico folder.
err-needs-confirmation = A confirmation is needed, but there is no terminal to ask for it.
rec-needs-confirmation = Start sigillo from a terminal window, or confirm with --yes.
finding-unreadable = The certificates of "{ $name }" could not be read; the file will be carried as it is anyway.
finding-expired = The certificate of "{ $name }" expired on { $date }.
finding-weak = The key of "{ $name }" has only { $bits } bits: it is weak.
ask-seal-anyway = Seal these keys anyway?
verify-certificates = Certificates:
verify-certificate = {"  "}{ $file }: { $subject }, serial { $serial }, valid from { $from } to { $to }, { $bits }-bit key

## Finding the key folder
locate-searching = Looking for the Desktop Telematico key folder…
locate-found-one = Found: "{ $dir }".
locate-found-several = I found several folders with keys:
locate-ask-number = Which one? (number, 0 to cancel):{" "}
locate-bad-number = Type one of the numbers in the list.
locate-ask-folder = I found no keys. Type the folder's path (Enter to cancel):{" "}
locate-modified = keys of { $date }
locate-expires = expire { $date }
err-no-key-folder = I could not find the Desktop Telematico key folder.
err-several-key-folders = I found { $count } folders with keys and do not know which one to use.
rec-key-folder = Give the folder with --dir (or --from, --to).

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
status-certificate = {"  "}{ $role } ({ $file }): { $subject }, serial { $serial }, expires { $to } ({ $days } days), { $bits } bits
status-weak-key = The { $role } key has { $bits } bits: at least { $minimum } are needed.
status-valid = The keys expire on { $date }: { $days } days left.
status-expiring = The keys expire on { $date }, in { $days } days: renew them by { $date }.
status-expired = The keys expired on { $date }: renew them now.
status-ics-written = Reminder written to "{ $path }" for { $date }.
status-archives = Archived keys:
status-no-archives = No archived keys.
ics-summary = Renew the Desktop Telematico keys (they expire on { $date })
ics-description = The Desktop Telematico keys { $subject } expire in 30 days. Renew them on the main PC and carry them to the other PCs with sigillo.

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
err-nothing-to-roll-back = There are no archived keys to restore for "{ $dir }".
rec-nothing-to-roll-back = There is nothing to undo: the current keys stay as they are.
err-no-vault = I found no vault (.age) in "{ $dir }".
err-several-vaults = I found { $count } vaults and do not know which one to use.
rec-no-vault = Give the vault to install: sigillo install FILE.age

# Windows: a file in use, folders that need the administrator (issue 13)
err-file-in-use = The file "{ $path }" is open in another program (Desktop Telematico, the antivirus, a backup program) and could not be moved.
rec-file-in-use = Close the program using the file and try again: the keys are as they were.
err-needs-administrator = Only the PC's administrator can write in the folder "{ $path }".
rec-needs-administrator = Start sigillo as administrator (right-click sigillo.exe → Run as administrator) and try again: no file was touched.

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
install-vault-wiped = Vault wiped from the USB stick: "{ $path }".
install-vault-not-wiped = The keys are installed, but the vault cannot be wiped from the USB stick: { $reason }
install-vault-wipe-later = Wipe it later, on a PC where the USB stick can be written: sigillo wipe "{ $path }".
wipe-flash-note = Note: on a USB stick the controller may keep copies of old blocks; they hold only encrypted data, useless without the passphrase.
wipe-flash-note-plaintext = Note: these were plaintext copies. On a USB stick the controller may keep old blocks that no wiping reaches: if the stick ever held keys or passwords in plaintext, stop using it for this (or have it destroyed).
reveal-press-enter = Press Enter to see the password (make sure nobody is watching the screen)…
reveal-press-enter-hide = (Enter to hide it)
reveal-hidden = (hidden)
recovered-forward = An interrupted installation in "{ $dir }" was completed: the new keys are in place.
recovered-back = An interrupted operation in "{ $dir }" was undone: the previous keys are in place.
guard-unknown = I cannot check whether Desktop Telematico is open.
guard-ask-closed = Is Desktop Telematico closed?

## Rolling back
rollback-from = The keys archived in "{ $from }" will go back into "{ $dir }".
rollback-ask = Go ahead with the rollback?
rollback-done = Previous keys restored in "{ $dir }".

## Commands: install, rollback, wipe
about-install = Install the vault's keys on this PC (the old ones are archived)
about-rollback = Undo the last installation: put the archived keys back
about-wipe = Overwrite and delete files (vault, Password.txt, key copies)
help-install-vault = The vault to install (looked for beside sigillo when not given)
help-to = Desktop Telematico key folder (searched for when not given)
help-archive-dir = Where to archive the old keys (default: "Chiavi di Sicurezza Scadute" beside the key folder)
help-keep-vault = Leave the vault on the USB stick (other PCs need it)
help-force = Install even keys older than the installed ones
help-wipe-files = The files to overwrite and delete
err-not-a-file = "{ $path }" is not a file: sigillo only wipes files, never folders.
rec-not-a-file = Name the files to wipe one by one.
wipe-list = These files will be overwritten and deleted:
wipe-ask = Delete them for good?
wipe-done = Wiped: "{ $path }".
leftovers-found = The USB stick ("{ $dir }") holds plaintext copies left by the old procedure:
leftovers-how = To wipe them: sigillo wipe FILE...
leftovers-ask = Wipe them (recommended)?

## Guided mode
wizard-err-no-terminal = Guided mode needs a terminal window to show its menu.
wizard-rec-no-terminal = Open sigillo with a double-click or from a terminal window, or use the commands listed above.
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
