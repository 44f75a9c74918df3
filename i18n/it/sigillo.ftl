# sigillo — messaggi in italiano (lingua principale).
# Tono: frasi brevi per chi lavora in ufficio; cosa è successo, poi cosa fare.

## Prefissi e domande
error-prefix = Errore:
warning-prefix = Attenzione:
yes-no-default-yes = [S/n]
yes-no-default-no = [s/N]
yes-no-again = Rispondere «s» (sì) oppure «n» (no).

## Riga di comando
about = Porta le chiavi di Desktop Telematico (Entratel) da un PC all'altro, sigillate.
after-help = Sul PC dove le chiavi sono state rinnovate, «sigillo sigilla» chiude UTEF.P12, UTEC.P12,
    UTENTE.KS e la loro password in una cassaforte cifrata sulla chiavetta. Sull'altro PC,
    «sigillo installa» la apre, archivia le chiavi vecchie e installa le nuove.
    Senza argomenti si apre la modalità guidata.
value-lang = LINGUA
value-folder = CARTELLA
value-name = NOME
value-vault = CASSAFORTE
help-lang = Lingua dei messaggi (it, en)
help-yes = Risponde sì a ogni conferma, anche ad «Altri PC hanno ancora bisogno di questa cassaforte?»: la cassaforte resta sulla chiavetta (per cancellarla: --wipe-vault)
help-passphrase-file = File la cui prima riga è la passphrase della cassaforte
help-password-file = File la cui prima riga è la password delle chiavi
help-help = Mostra questo aiuto
help-version = Mostra la versione
# sigillo --version: «sigillo 0.1.0 (commit …)»; il commit da cui è stato compilato, o che non si sa.
version-commit = commit { $commit }
version-commit-unknown = commit sconosciuto
about-seal = Sigilla le chiavi di questo PC in una cassaforte sulla chiavetta
about-verify = Apre e controlla una cassaforte senza cambiare nulla
help-from = Cartella che contiene UTEF.P12, UTEC.P12 e UTENTE.KS
help-out = Dove scrivere la cassaforte (predefinito: chiavi-AAAA-MM-GG.age accanto a sigillo)
help-subject = Un'etichetta per le chiavi (lo studio o il titolare)
help-armor = Scrive la cassaforte come testo (ASCII armor), da allegare a un'e-mail
help-vault = La cassaforte da controllare
rec-usage = Per l'elenco dei comandi e delle opzioni: sigillo --help
usage-unknown-argument = Argomento sconosciuto: { $arg }
usage-unknown-command = Comando sconosciuto: { $arg }
usage-missing = Manca un argomento obbligatorio: { $arg }
usage-invalid-value = Valore non valido per { $arg }: «{ $value }»
usage-other = La riga di comando non è corretta.

## Errori: cosa è successo
err-read = Impossibile leggere "{ $path }": { $reason }.
err-write = Impossibile scrivere "{ $path }": { $reason }.
err-not-a-folder = "{ $path }" non è una cartella.
err-key-missing = Manca il file { $name } nella cartella "{ $dir }".
err-key-empty = Il file "{ $path }" è vuoto.
err-key-too-large = Il file "{ $path }" è troppo grande per essere un file delle chiavi.
err-key-twice = Lo stesso file delle chiavi compare due volte: "{ $first }" e "{ $second }".
err-key-not-key = Il file "{ $path }" non è un file delle chiavi di Desktop Telematico: { $what ->
    [text] è un file di testo.
    [html] è una pagina web (HTML).
    [zip] è un archivio ZIP (forse le chiavi sono ancora compresse dentro).
    [pdf] è un documento PDF.
    [not-a-file] non è un file normale.
   *[other] non sembra un file delle chiavi.
}
err-needs-terminal-passphrase = Serve la passphrase della cassaforte, ma non c'è un terminale per chiederla.
err-needs-terminal-password = Serve la password delle chiavi, ma non c'è un terminale per chiederla.
err-secret-file-empty = La prima riga del file "{ $path }" è vuota.
err-secret-file-not-text = La prima riga del file "{ $path }" non è testo leggibile (UTF-8).
err-passphrase-weak = La passphrase è troppo facile da indovinare.
err-vault-exists = Il file "{ $path }" esiste già.
err-vault-unreadable = La cassaforte "{ $path }" non si apre: la passphrase è sbagliata, oppure il file è danneggiato o non è una cassaforte di sigillo.
err-vault-too-costly = La cassaforte "{ $path }" chiede un lavoro di decifratura eccessivo (fattore { $factor }): sigillo non ne crea mai di così.
err-read-back = La cassaforte scritta su "{ $path }" non si rilegge uguale: la chiavetta potrebbe essere difettosa. Il file è stato eliminato.
err-same-file = "{ $path }" è uno dei file delle chiavi: non può essere anche la cassaforte.
err-cancelled = Operazione annullata; non è stato cambiato nulla.
# Cassaforte letta dall'intestazione, prima della passphrase
err-vault-too-weak = La cassaforte "{ $path }" è protetta da un lavoro di decifratura troppo basso (fattore { $factor }): sigillo non ne crea mai di così.
err-vault-is-folder = "{ $path }" è una cartella, non una cassaforte.
err-vault-empty = Il file "{ $path }" è vuoto: non è una cassaforte.
err-not-a-vault = Il file "{ $path }" non è una cassaforte di sigillo.
err-not-passphrase-vault = Il file "{ $path }" è cifrato per una chiave, non con una passphrase: non è una cassaforte di sigillo.
err-vault-header-damaged = La cassaforte "{ $path }" è incompleta o danneggiata fin dall'inizio: la copia sulla chiavetta potrebbe essersi interrotta.
# La passphrase è giusta (l'intestazione lo prova), il resto del file no
err-vault-body-damaged = La passphrase è giusta, ma la cassaforte "{ $path }" è danneggiata o incompleta: la copia sulla chiavetta potrebbe essersi interrotta.
# La passphrase è giusta e il file è intero, ma non è una cassaforte che questo sigillo legge
err-vault-foreign = La passphrase è giusta e il file "{ $path }" è intero, ma non è una cassaforte che questa versione di sigillo sa leggere: è stato preparato con un'altra versione di sigillo, oppure con un altro programma.

# Segreti solo sul terminale, passphrase robuste
err-passphrase-has-password = La passphrase contiene la password delle chiavi: chi conosce la password aprirebbe la cassaforte.
err-no-terminal-to-show = La passphrase generata va mostrata sul terminale, ma non ce n'è uno (l'output può finire in un file): non è stato scritto nulla.
# Tre passphrase scritte rifiutate (issue 22): non accettata, non "annullata"
err-passphrase-not-accepted-weak = Passphrase non accettata: anche al terzo tentativo era troppo facile da indovinare. Non è stato scritto nulla.
err-passphrase-not-accepted-password = Passphrase non accettata: anche al terzo tentativo conteneva la password delle chiavi. Non è stato scritto nulla.
err-passphrase-not-accepted-repeat = Passphrase non accettata: al terzo tentativo le due scritture non coincidevano. Non è stato scritto nulla.

## Errori: cosa fare
rec-read = Controllare che il percorso sia giusto e che il file sia accessibile, poi riprovare.
rec-write = Controllare che la cartella esista, sia scrivibile e che la chiavetta sia inserita, poi riprovare.
rec-full = Lo spazio è esaurito: liberare spazio o usare un'altra chiavetta, poi riprovare.
rec-not-a-folder = Indicare la cartella che contiene UTEF.P12, UTEC.P12 e UTENTE.KS.
rec-key-missing = Le chiavi sono tre file che viaggiano insieme: indicare la cartella che li contiene tutti.
rec-key-bad = Copiare di nuovo le chiavi dalla cartella di Desktop Telematico e riprovare.
rec-key-twice = Tenere una sola copia (quella più recente) e spostare l'altra fuori dalla cartella.
rec-needs-terminal-passphrase = Avviare sigillo da una finestra del terminale, oppure indicare il file con --passphrase-file.
rec-needs-terminal-password = Avviare sigillo da una finestra del terminale, oppure indicare il file con --password-file.
rec-secret-file = Scrivere il segreto sulla prima riga del file e riprovare.
rec-passphrase-weak = Lasciare che sigillo ne generi una (consigliato), oppure scegliere almeno sei parole poco comuni, separate da segni diversi (per esempio - . /): non frasi note, nomi, città, numeri, mesi o parole d'ufficio.
rec-vault-exists = Scegliere un altro nome con --out, oppure confermare la sostituzione con --yes.
rec-vault-unreadable = Ricontrollare la passphrase con chi ha preparato la chiavetta; se è giusta, farsi preparare una nuova cassaforte.
rec-vault-too-costly = Questo file non viene da sigillo: farsi preparare una nuova cassaforte.
rec-read-back = Riprovare con un'altra chiavetta.
rec-same-file = Indicare con --out un file diverso, per esempio sulla chiavetta.
rec-cancelled = Quando si è pronti, ripetere il comando.
# Cassaforte letta dall'intestazione, prima della passphrase
rec-vault-is-folder = Indicare il file della cassaforte (per esempio chiavi-AAAA-MM-GG.age), non la cartella che lo contiene.
rec-vault-cut-short = Ricopiare la cassaforte sulla chiavetta, oppure farsene preparare una nuova.
rec-vault-foreign = Ricopiarla non serve: aprirla con la versione di sigillo che l'ha preparata (quella che chi l'ha preparata ha sulla chiavetta), oppure farsene preparare una nuova con questa versione.
rec-not-a-vault = Indicare il file .age preparato con «sigillo sigilla».
rec-not-passphrase-vault = Indicare il file .age preparato con «sigillo sigilla».

## Sicurezza: file che sigillo non tocca
err-unsafe-journal = Il file "{ $path }" non è un registro che sigillo avrebbe scritto: nomina file o cartelle fuori posto. Per sicurezza non è stato toccato nulla.
rec-unsafe-journal = Qualcuno potrebbe averlo messo lì apposta: non aprirlo e non cancellarlo; far controllare la cartella delle chiavi al tecnico. Se l'installazione interrotta usava --archive-dir, ripetere il comando con la stessa opzione.
err-unsafe-key-link = "{ $path }" è un collegamento, non un file delle chiavi: sigillo non lo sposta.
err-unsafe-key-not-regular = "{ $path }" non è un file normale: sigillo non lo sposta.
err-unsafe-key-too-large = "{ $path }" è più grande di qualsiasi file delle chiavi (oltre 1 MiB): sigillo non lo sposta.
rec-unsafe-key = Nessun file è stato spostato. Mettere al suo posto il file vero (una copia, non un collegamento), oppure toglierlo dalla cartella, poi riprovare.
err-unsafe-link = "{ $path }" è un collegamento: sigillo non scrive attraverso i collegamenti.
rec-unsafe-link = Nessun file è stato spostato. Sostituire il collegamento con una cartella (o un file) vera, oppure indicare un'altra cartella con --archive-dir.
err-unsafe-hard-linked = "{ $path }" ha anche altri nomi (collegamenti fisici): sovrascriverlo distruggerebbe anche il loro contenuto. Non è stato toccato.
rec-unsafe-hard-linked = Se il file va davvero eliminato, cancellarlo normalmente, senza sigillo.
err-unsafe-own-file = "{ $path }" dovrebbe essere un file di sigillo, ma ha anche altri nomi (collegamenti fisici) o non è un file normale: sigillo non ci scrive, per non cambiare anche un altro file. Non è stato cambiato nulla.
rec-unsafe-own-file = Qualcuno potrebbe averlo messo lì apposta: far controllare la cartella al tecnico. Se è lì per errore, toglierlo a mano e riprovare.
err-unsafe-swapped = "{ $path }" è stato sostituito da un altro file mentre veniva cancellato: il contenuto è già stato sovrascritto, il nuovo file non è stato toccato.
rec-unsafe-swapped = Qualcun altro sta scrivendo in questa cartella: controllarla e, se serve, chiedere al tecnico.
err-unsafe-not-removed = Il contenuto di "{ $path }" è stato sovrascritto e svuotato, ma il suo nome è ancora nella cartella.
rec-unsafe-not-removed = Il file ora è vuoto: cancellarlo normalmente. Se il nome torna, qualcun altro sta scrivendo in questa cartella: chiedere al tecnico.

io-hard-linked = il file ha anche altri nomi (collegamenti fisici)
io-swapped = il file è stato sostituito da un altro durante l'operazione
io-not-removed = il file è stato svuotato ma il suo nome è rimasto
io-unsafe = il file non è come sigillo lo ha lasciato
leftovers-ask-keys = Cancellarle? Tra queste ci sono copie dei file delle chiavi: rispondere sì solo se non sono le chiavi in uso
leftovers-not-removable = sigillo non risulta avviato da una chiavetta rimovibile ("{ $dir }"): queste copie di file delle chiavi non vengono proposte per la cancellazione, potrebbero essere quelle in uso:
# Segreti solo sul terminale, passphrase robuste
rec-passphrase-has-password = Scegliere una passphrase che non contenga la password, oppure lasciare che sigillo ne generi una.
rec-no-terminal-to-show = Avviare sigillo da una finestra del terminale, oppure scegliere una passphrase e indicarla con --passphrase-file.
rec-passphrase-not-accepted = Avviare di nuovo e lasciare che sigillo generi la passphrase (consigliato), oppure sceglierne una di almeno sei parole poco comuni, separate da segni diversi.
rec-passphrase-not-repeated = Avviare di nuovo e scrivere la passphrase con calma, uguale le due volte (attenzione al tasto Bloc Maiusc), oppure lasciare che sigillo la generi.

## Motivi di errore di sistema
io-not-found = non esiste
io-permission = accesso negato
io-full = spazio esaurito
io-read-only = il disco è in sola lettura
io-exists = esiste già
# Altri motivi comuni (il testo del sistema segue tra parentesi)
io-name-invalid = il nome del file è troppo lungo o non valido
io-not-a-directory = una parte del percorso non è una cartella
io-is-a-directory = è una cartella
io-not-empty = la cartella non è vuota
io-busy = il file è in uso da un altro programma
io-too-large = il file è troppo grande per questo disco
io-timed-out = il disco non ha risposto in tempo
io-crosses-devices = non si può spostare tra dischi diversi
io-cut-short = il file finisce prima del previsto
io-link = è un collegamento (link), che sigillo non segue

# Windows: file aperto in un altro programma (issue 13)
io-in-use = il file è aperto in un altro programma

## Sigillare
seal-found = Chiavi trovate in "{ $dir }":
seal-found-file = {"  "}{ $name } ({ $size ->
        [one] 1 byte
       *[other] { $size } byte
    })
# Una dimensione in elenco (in italiano «byte» non cambia al plurale; in inglese sì)
size-bytes = { $size ->
        [one] 1 byte
       *[other] { $size } byte
    }
prompt-password = Password delle chiavi (quella di Desktop Telematico):{" "}
prompt-password-again = Ripetere la password delle chiavi:{" "}
password-empty = La password non può essere vuota.
secrets-differ = Le due volte non coincidono; riprovare.
password-unusual-length = La password ha { $chars ->
        [one] 1 carattere
       *[other] { $chars } caratteri
    }; Desktop Telematico ne usa da 8 a 20. Controllare che sia quella giusta.
ask-generate-passphrase = sigillo genera ora una passphrase per la cassaforte (consigliato). Generarla?
prompt-new-passphrase = Nuova passphrase della cassaforte:{" "}
prompt-passphrase-again = Ripetere la passphrase:{" "}
seal-done = Cassaforte scritta e ricontrollata: "{ $path }".
check-code = Codice di controllo: { $code }
seal-passphrase-intro = sigillo ha generato la passphrase della cassaforte: annotarla su carta, non sulla chiavetta.
seal-passphrase-label = Passphrase:
seal-passphrase-advice = Comunicare la passphrase per telefono a chi installerà le chiavi: mai sulla chiavetta, mai per e-mail insieme alla cassaforte.
# La passphrase si consegna prima di scrivere la cassaforte
seal-ask-written-down = Passphrase annotata? La cassaforte viene scritta sulla chiavetta solo dopo questa conferma.
seal-passphrase-again = Ecco di nuovo la passphrase.
# Una passphrase scritta è valutata subito, con la via per farla generare (issue 22)
prompt-passphrase-or-generate = Scrivere un'altra passphrase, oppure premere Invio per usarne una generata:{" "}
passphrase-switch-to-generated = Si usa una passphrase generata da sigillo.
# Al terzo tentativo non si invita a riprovare
secrets-differ-last = Le due volte non coincidono.
passphrase-rating = Robustezza di questa passphrase: { $level ->
        [very-low] molto bassa
        [low] bassa
        [almost] quasi sufficiente
       *[enough] sufficiente
    }. Serve almeno «sufficiente»: chi prova a indovinarla conosce le parole italiane più comuni, i nomi, le città, i numeri, i mesi e le parole d'ufficio. Una passphrase generata da sigillo è sufficiente.

## Aprire e controllare
prompt-passphrase = Passphrase della cassaforte:{" "}
passphrase-retry = La cassaforte non si apre con questa passphrase. Tentativi rimasti: { $left }.
verify-ok = La cassaforte "{ $path }" è integra.
verify-sealed = Sigillata il { $when } sul PC "{ $host }" ({ $by }).
verify-subject = Soggetto: { $subject }
verify-files = File delle chiavi:
verify-password-yes = La password delle chiavi è inclusa.
verify-password-no = La password delle chiavi non è inclusa.
# Fattore di lavoro insolito
vault-unusual-work-factor = La cassaforte "{ $path }" non è stata creata con le impostazioni di sigillo (fattore di lavoro { $factor }, sigillo usa 18): aprirla solo se viene da una persona fidata.

## Certificati
err-wrong-password = La password non apre "{ $path }".
rec-wrong-password = Controllare la password (maiuscole e minuscole contano): è quella usata in Desktop Telematico. Se è giusta, il file può essere danneggiato: ricopiarlo dalla cartella di Desktop Telematico.
err-mixed-set = "{ $path }" non appartiene allo stesso gruppo di chiavi degli altri due file (altra generazione o altro titolare).
rec-mixed-set = Ricopiare insieme i tre file dell'ultima generazione dalla cartella di Desktop Telematico.
err-needs-confirmation = Serve una conferma, ma non c'è un terminale per chiederla.
rec-needs-confirmation = Avviare sigillo da una finestra del terminale, oppure confermare con --yes.
finding-unreadable = Non è stato possibile leggere i certificati di "{ $name }"; il file verrà comunque trasportato così com'è.
finding-unsupported = "{ $name }" usa un algoritmo che sigillo non sa leggere ({ $what }): i suoi certificati non sono stati letti e la password non è stata controllata su questo file. Il file verrà comunque trasportato così com'è.
finding-password-unchecked = Non è possibile controllare la password per "{ $name }": il file non ha né un codice di integrità (MAC) né contenuti cifrati con cui verificarla.
ask-seal-password-unchecked = Sigillare comunque, senza sapere se la password apre "{ $name }"?
finding-password-unproven = La password non è stata verificata su nessuno dei tre file: sono troppo costosi da controllare o usano algoritmi che sigillo non sa leggere (vedere sopra).
ask-seal-password-unproven = Sigillare comunque, senza sapere se la password apre i file?
finding-expired = { $count ->
        [one] Il certificato di { $names } è scaduto il { $date }.
       *[other] I certificati di { $names } sono scaduti il { $date }.
    }
finding-weak = La chiave di "{ $name }" è di soli { $bits } bit: è debole.
ask-seal-anyway = Sigillare comunque queste chiavi?
verify-certificates = Certificati:
verify-certificate = {"  "}{ $file }: { $subject }, n. di serie { $serial }, valido dal { $from } al { $to }, chiave di { $bits } bit
# Senza --dettagli
verify-certificate-short = {"  "}{ $file }: { $subject }, valido dal { $from } al { $to }


# Un insieme misto (issue 11): un file di un'altra generazione, non una password sbagliata.
mixed-generations = "{ $name }" è di un'altra generazione di chiavi: il suo certificato vale dal { $from } al { $to }, quello degli altri file dal { $other_from } al { $other_to }.
mixed-generation-unknown = "{ $name }" è di un'altra generazione di chiavi (o è danneggiato): la password apre gli altri due file (validi dal { $other_from } al { $other_to }) ma non questo, e le sue date non si leggono senza la sua password.
finding-no-private-key = "{ $name }" contiene il certificato ma non la chiave privata: con questo file Desktop Telematico non può firmare né decifrare.
# Una parte del file (MAC, certificati, chiave privata) usa un algoritmo non supportato; il resto è stato letto.
finding-unsupported-part = { $part ->
        [mac] Il codice di integrità (MAC) di "{ $name }" usa un algoritmo che sigillo non sa controllare ({ $what })
        [key] La chiave privata di "{ $name }" è protetta con un algoritmo che sigillo non sa controllare ({ $what })
        [keysafe] La chiave privata di "{ $name }" è in una parte cifrata con un algoritmo che sigillo non sa leggere ({ $what }), e non è stata letta
       *[certificates] I certificati di "{ $name }" sono cifrati con un algoritmo che sigillo non sa leggere ({ $what }) e non sono stati letti
    }: { $proven ->
        [yes] la password è stata verificata su questo file in un altro modo.
       *[no] la password non è stata verificata su questo file.
    } Il file verrà comunque trasportato così com'è.
finding-password-too-costly = Non è stato possibile controllare la password per "{ $name }": non apre il file nella forma usuale, e controllarla anche nella forma dei file più vecchi (OpenSSL prima della 1.1) richiede più lavoro di quanto sigillo si concede per un file. Non è detto che sia sbagliata.
algorithm-unknown = sconosciuto

## Cercare la cartella delle chiavi
locate-searching = Cerco la cartella delle chiavi di Desktop Telematico…
locate-found-one = Trovata: "{ $dir }".
locate-found-several = Ho trovato più cartelle con le chiavi:
locate-ask-number = Quale usare? (numero, 0 per annullare):{" "}
locate-bad-number = Scrivere uno dei numeri dell'elenco.
locate-ask-folder = Non ho trovato le chiavi. Scrivere il percorso della cartella (Invio per annullare):{" "}
locate-modified = chiavi del { $date }
locate-expires = scadenza { $date }
# Una cartella scritta che non va: detto subito e chiesto di nuovo (issue 22)
locate-ask-folder-again = Scrivere il percorso di un'altra cartella (Invio per annullare):{" "}
locate-typed-missing = La cartella "{ $dir }" non esiste.
locate-typed-not-folder = "{ $dir }" è un file, non una cartella.
locate-typed-no-keys = Nella cartella "{ $dir }" { $count ->
        [one] manca il file { $names }
       *[other] mancano i file { $names }
    }: le chiavi sono nella cartella che contiene UTEF.P12, UTEC.P12 e UTENTE.KS.
err-no-key-folder = Non ho trovato la cartella delle chiavi di Desktop Telematico.
err-several-key-folders = Ho trovato { $count } cartelle con le chiavi e non so quale usare.
rec-key-folder = Indicare la cartella con --dir (o --from, --to).
# Avanzamento della ricerca
locate-progress = Ricerca in corso: { $count ->
        [one] 1 cartella esaminata
       *[other] { $count } cartelle esaminate
    }

# Windows: la copia nel VirtualStore (issue 13)
locate-virtual-store = Attenzione: "{ $store }" è la copia che Windows tiene per questo utente al posto di "{ $real }" (VirtualStore). Desktop Telematico, avviato da questo utente, usa davvero la copia nel VirtualStore.

## Stato
about-status = Mostra le chiavi di questo PC: file, certificati, scadenza, archivi
help-dir = Cartella delle chiavi (se manca, viene cercata)
help-ics = Scrive in questo file un promemoria di calendario (.ics) per il rinnovo
status-folder = Chiavi in "{ $dir }":
status-missing = Manca { $name }.
status-no-certificates = Non è stato possibile leggere i certificati.
status-certificates-keystore = Certificati (letti da UTENTE.KS, senza password):
status-certificates-with-password = Certificati (letti con la password):
role-firma = firma
role-cifratura = cifratura
role-unknown = chiave
status-certificate = {"  "}{ $role } ({ $file }): { $subject }{ $serial }, { $state ->
        [expired] scaduta il { $to } ({ $days ->
            [one] da 1 giorno
           *[other] da { $days } giorni
        })
        [today] scade oggi, { $to }
       *[valid] scade il { $to } ({ $days ->
            [one] manca 1 giorno
           *[other] mancano { $days } giorni
        })
    }, { $bits } bit
status-weak-key = La chiave di { $role } è di { $bits } bit: ne servono almeno { $minimum }.
status-valid = Le chiavi scadono il { $date }: { $days ->
        [one] manca 1 giorno
       *[other] mancano { $days } giorni
    }.
status-expiring = Le chiavi scadono il { $date }, { $days ->
        [0] oggi
        [one] domani
       *[other] tra { $days } giorni
    }: rinnovarle entro quella data.
status-expired = Le chiavi sono scadute il { $date }: rinnovarle subito.
status-ics-written = Promemoria scritto in "{ $path }" per il { $date }.
status-archives = Chiavi archiviate:
status-no-archives = Nessuna chiave archiviata.
ics-summary = Rinnovare le chiavi di Desktop Telematico (scadono il { $date })
ics-description = Le chiavi di Desktop Telematico { $subject } scadono tra 30 giorni. Rinnovarle sul PC principale e portarle sugli altri PC con sigillo.
# Promemoria per chiavi già scadute
status-ics-expired = Le chiavi sono già scadute: nessun promemoria scritto in "{ $path }". Rinnovarle subito.
# Con --dettagli
status-certificate-serial = , n. di serie { $serial }
# UTENTE.KS che cifra i certificati (PKCS#12): perché non si vedono e come vederli (issue 22 item 12)
status-certificates-locked = I certificati di { $name } sono protetti dalla password delle chiavi: senza la password non se ne possono leggere né il titolare né la scadenza.
status-rec-password = Per leggerli: ripetere con --password-file FILE (la password nella prima riga del file), oppure da una finestra del terminale, dove sigillo chiede la password.
prompt-status-password = Password delle chiavi, per leggere i certificati (Invio per saltare):{" "}
# Una voce di UTENTE.KS di cui i certificati non dicono il ruolo: il suo nome nel file
role-entry = chiave "{ $alias }"
role-entry-number = chiave n. { $number }
status-weak-key-entry = La { $label } è di { $bits } bit: ne servono almeno { $minimum }.
status-roles-need-password = Quale chiave è la firma e quale la cifratura si vede con la password delle chiavi (dai file UTEF.P12 e UTEC.P12).

## Installare: errori
err-program-running = Desktop Telematico è aperto ({ $name }, processo { $pid }).
rec-program-running = Chiudere Desktop Telematico e riprovare: nessun file è stato toccato.
err-not-writable = Nella cartella "{ $path }" non si può scrivere.
rec-not-writable = Controllare i permessi della cartella (o che il disco non sia in sola lettura) e riprovare: nessun file è stato toccato.
err-downgrade = Le chiavi della cassaforte (scadenza { $vault }) sono più vecchie di quelle installate (scadenza { $installed }).
rec-downgrade = Farsi preparare una cassaforte con le chiavi nuove; se si vuole davvero tornare indietro, usare --force.
err-verify-failed = I file installati in "{ $dir }" non corrispondono alla cassaforte: le chiavi precedenti sono state rimesse al loro posto.
rec-verify-failed = Controllare il disco e riprovare; se succede ancora, chiedere assistenza.
err-journal-damaged = Un'operazione interrotta in precedenza non si può completare da sola ("{ $path }").
rec-journal-damaged = Non cancellare nulla: controllare a mano la cartella delle chiavi e la cartella "Chiavi di Sicurezza Scadute", o chiedere assistenza.
err-busy = Un altro sigillo sta già lavorando sulla cartella "{ $dir }": non è stato cambiato nulla.
err-busy-holder = Un altro sigillo sta già lavorando sulla cartella "{ $dir }" (dalle { $since }, utente { $user } sul PC { $host }): non è stato cambiato nulla.
rec-busy = Attendere che l'altro sigillo finisca (o chiuderlo), poi riprovare. Un solo sigillo alla volta può cambiare una cartella delle chiavi.
err-archive-elsewhere = La cartella dell'archivio "{ $archive }" è su un altro disco rispetto alla cartella delle chiavi "{ $dir }": le chiavi vecchie si potrebbero solo copiare e cancellare, e sigillo non cancella mai una chiave.
rec-archive-elsewhere = Nessun file è stato spostato. Indicare con --archive-dir una cartella sullo stesso disco delle chiavi, oppure togliere --archive-dir.
err-journal-unwitnessed = Il registro "{ $path }" di un'operazione interrotta non è stato scritto da questo utente con sigillo su questo PC (o è stato cambiato dopo): per sicurezza non è stato toccato nulla.
rec-journal-unwitnessed = Se l'operazione interrotta era di un altro utente, ripetere il comando come quell'utente. Altrimenti non cancellare nulla: far controllare la cartella delle chiavi e la cartella "Chiavi di Sicurezza Scadute" al tecnico.
err-nothing-to-roll-back = Non ci sono chiavi archiviate da ripristinare per "{ $dir }".
rec-nothing-to-roll-back = Non c'è nulla da annullare: le chiavi attuali restano come sono.
err-no-vault = Non ho trovato nessuna cassaforte (.age) in "{ $dir }".
err-several-vaults = Ho trovato { $count } casseforti e non so quale usare.
rec-no-vault = Indicare la cassaforte da installare: sigillo installa FILE.age
# Cartella di destinazione mancante
err-target-missing = La cartella "{ $path }" non esiste.
rec-target-missing = Controllare il percorso; per una prima installazione su questo PC aggiungere --crea.
# La chiavetta come destinazione (le chiavi vi finirebbero in chiaro)
err-target-on-stick = Le chiavi non vengono installate in "{ $path }": { $place ->
    [vault] è la cartella della cassaforte, o è al suo interno,
    [stick] è la cartella da cui è avviato sigillo (la chiavetta), o è al suo interno,
    [drive] è sull'unità da cui è avviato sigillo, che non è il disco di sistema e quindi è presa per la chiavetta,
   *[removable] è su un'unità rimovibile (una chiavetta, una scheda di memoria),
} e lì i file delle chiavi resterebbero in chiaro, leggibili da chiunque abbia la chiavetta. Non è stato scritto nulla.
rec-target-on-stick = { $place ->
    [drive] Indicare con --to la cartella delle chiavi sul disco di sistema di questo PC (per esempio C:\Entratel); se l'unità da cui è avviato sigillo è un disco di questo PC e non la chiavetta, avviare sigillo dalla chiavetta. Nemmeno --force cambia questa regola.
    [stick] Indicare con --to la cartella delle chiavi di questo PC (per esempio C:\Entratel), fuori dalla cartella di sigillo: sulla chiavetta viaggia solo la cassaforte cifrata. Nemmeno --force cambia questa regola.
   *[other] Indicare con --to la cartella delle chiavi di questo PC (per esempio C:\Entratel): sulla chiavetta viaggia solo la cassaforte cifrata. Nemmeno --force cambia questa regola.
}
err-target-unresolved = Le chiavi non vengono installate in "{ $path }": non riesco a stabilire in quale cartella si trovi davvero (un collegamento che non porta a nulla, una cartella che non si apre), quindi non posso escludere che sia sulla chiavetta. Non è stato scritto nulla.
rec-target-unresolved = Controllare il percorso e indicare con --to la cartella delle chiavi di questo PC (per esempio C:\Entratel).

# Il programma trovato aperto e la via d'uscita per un falso allarme
err-program-running-at = Desktop Telematico è aperto ({ $name }, processo { $pid }, "{ $path }").
rec-program-running-override = Se quel processo non è Desktop Telematico, ripetere aggiungendo --ignora-programma { $pid } (viene annotato nel registro).
guard-ignored = Il processo { $pid } ({ $name }, "{ $path }") sembra Desktop Telematico, ma viene ignorato come richiesto con --ignora-programma; sarà annotato nel registro.

# Windows: file in uso, cartelle che chiedono l'amministratore (issue 13)
err-file-in-use = Il file "{ $path }" è aperto in un altro programma (Desktop Telematico, l'antivirus, un programma di backup) e non si è potuto spostare.
rec-file-in-use = Chiudere il programma che usa il file e riprovare: le chiavi sono rimaste come prima.
rec-file-held = Chiudere il programma che tiene aperto il file, poi ripetere il comando.
err-needs-administrator = Nella cartella "{ $path }" solo l'amministratore del PC può scrivere.
rec-needs-administrator = Avviare sigillo come amministratore (tasto destro su sigillo.exe → Esegui come amministratore) e riprovare: nessun file è stato toccato.
err-file-held = Il file "{ $path }" è aperto in un altro programma (Desktop Telematico, l'antivirus, un programma di backup) che non ne permette la lettura, nemmeno dopo qualche secondo di attesa.

## Installare
install-vault-ok = Cassaforte aperta e controllata: "{ $path }".
install-ask-create = La cartella "{ $dir }" non esiste. Crearla?
install-already = Le chiavi della cassaforte sono già installate in "{ $dir }": non c'è nulla da fare.
install-target = Le chiavi nuove andranno in "{ $dir }".
install-will-archive = Le chiavi attuali saranno spostate (non cancellate) in "{ $dir }".
install-first-time = In questa cartella non ci sono chiavi da archiviare.
install-ask = Procedere con l'installazione?
install-done = Chiavi nuove installate e ricontrollate in "{ $dir }".
install-archived = Le chiavi precedenti sono archiviate in "{ $dir }".
install-several-vaults = Sulla chiavetta ci sono più casseforti:
install-password-intro = Desktop Telematico chiederà la password delle chiavi.
install-password-label = Password delle chiavi:
install-password-not-shown = La password delle chiavi non viene mostrata senza un terminale.
install-ask-keep-vault = Altri PC hanno ancora bisogno di questa cassaforte? (se sì, resta sulla chiavetta)
install-vault-kept = La cassaforte resta sulla chiavetta: "{ $path }". Cancellarla quando tutti i PC hanno le chiavi nuove.
install-vault-kept-unasked = La cassaforte resta sulla chiavetta: "{ $path }" (senza una risposta, o con --yes, non viene cancellata). Quando tutti i PC hanno le chiavi nuove, cancellarla con: sigillo cancella "{ $path }"
install-vault-wiped = Cassaforte cancellata dalla chiavetta: "{ $path }".
install-vault-kept-unseen = La password non è stata mostrata, quindi la cassaforte non viene cancellata (nonostante --wipe-vault): resta sulla chiavetta, "{ $path }", ed è l'unico modo di vedere la password. Per vederla: ripetere l'installazione da una finestra del terminale (le chiavi risultano già installate). Poi cancellarla con: sigillo cancella "{ $path }"
install-vault-not-wiped = Le chiavi sono installate, ma la cassaforte non si può cancellare dalla chiavetta: { $reason }
install-vault-wipe-later = Cancellarla più tardi, da un PC dove la chiavetta si può scrivere: sigillo cancella "{ $path }".
wipe-flash-note = Nota: su una chiavetta USB il controller può conservare copie di vecchi blocchi; contengono solo dati cifrati, inutili senza la passphrase.
wipe-flash-note-plaintext = Nota: erano copie in chiaro. Su una chiavetta USB il controller può conservare vecchi blocchi che nessuna cancellazione raggiunge: se la chiavetta ha contenuto chiavi o password in chiaro, non usarla più per questo (o farla distruggere).
reveal-press-enter = Premere Invio per vederla (assicurarsi che nessuno guardi lo schermo)…
reveal-press-enter-hide = (Invio per nasconderla)
reveal-hidden = (nascosta)
recovered-forward = Un'installazione interrotta in "{ $dir }" è stata completata: le chiavi nuove sono al loro posto.
recovered-back = Un'operazione interrotta in "{ $dir }" è stata annullata: le chiavi precedenti sono al loro posto.
recovered-cleared = In "{ $dir }" era rimasto il registro di un'operazione già conclusa (o non scritto da questo utente con sigillo): è stato tolto. Nessun file delle chiavi è stato spostato.
swap-set-aside = Le copie delle chiavi nuove, che non sono state installate, sono state messe da parte (non cancellate) in "{ $dir }". La cassaforte resta sulla chiavetta.
guard-unknown = Non riesco a controllare se Desktop Telematico è aperto.
guard-ask-closed = Desktop Telematico è chiuso?

# Segreti solo sul terminale
reveal-no-terminal = Non c'è un terminale su cui mostrare il segreto: non viene scritto nell'output, che può finire in un file.
install-password-how-to-see = Per vederla: ripetere l'installazione con questa stessa cassaforte da una finestra del terminale; le chiavi risultano già installate e la password viene mostrata.
install-password-how-to-see-wiped = Questa cassaforte ora viene cancellata, come chiesto con --wipe-vault: per vedere la password, ripetere l'installazione da una finestra del terminale con un'altra copia della cassaforte (le chiavi risultano già installate e la password viene mostrata), oppure chiederla a chi ha preparato la chiavetta.

## Ripristinare
rollback-ask = Procedere con il ripristino?
# Il piano, prima dell'unica domanda: quali chiavi tornano (da quale archivio) e quali escono
# (e dove vanno). $state: expired, valid o unknown (date leggibili solo con la password).
rollback-plan-back = Tornano in uso: le chiavi di { $holder }, { $state ->
        [expired] scadute il { $date }
        [valid] valide fino al { $date }
       *[unknown] di scadenza sconosciuta (si legge solo con la loro password)
    }, dall'archivio "{ $from }".
rollback-plan-out = Escono dall'uso: le chiavi installate ora in "{ $dir }" ({ $holder }, { $state ->
        [expired] scadute il { $date }
        [valid] valide fino al { $date }
       *[unknown] scadenza sconosciuta
    }): saranno spostate (non cancellate) in "{ $to }".
rollback-plan-nothing-out = In "{ $dir }" non ci sono chiavi installate: nulla da archiviare.
rollback-holder-unknown = titolare sconosciuto
# L'esito: parole diverse per i due insiemi di chiavi.
rollback-restored = Ripristinate in "{ $dir }" le chiavi che erano nell'archivio "{ $from }".
rollback-set-aside = Le chiavi che erano installate sono ora in "{ $archive }".
rollback-plan-same-keys = Stesse chiavi, con un'altra password: quelle che tornano in uso si aprono con la password di prima, non con quella attuale.
rollback-dates-need-password = Le date delle chiavi che tornano in uso si leggono solo con la loro password.
prompt-rollback-password = Password delle chiavi che tornano in uso (Invio per saltare):
rollback-password-wrong = La password non apre le chiavi che tornano in uso: le loro date restano sconosciute.


# Chiavi scadute o date illeggibili (issue 11): il controllo non lascia passare nel dubbio.
err-keys-expired = Le chiavi da mettere in uso sono già scadute (il { $date }): con queste Desktop Telematico non può più firmare né inviare.
rec-keys-expired = Procurarsi le chiavi in corso di validità; se servono davvero queste (per aprire vecchie ricevute), ripetere senza --yes per confermare, oppure usare --force.
err-dates-unknown = Le date delle chiavi in "{ $dir }" non si possono leggere senza la loro password: non si può escludere di sostituirle con chiavi più vecchie.
err-password-unchecked = Non è possibile controllare la password per "{ $path }": con --yes non si sigilla senza questa verifica.
rec-password-unchecked = Ripetere senza --yes per confermare, oppure usare --force se si è sicuri della password.
rec-dates-unknown = Ripetere senza --yes per vedere cosa si sa e confermare, indicare la password di quelle chiavi con --password-file, oppure usare --force se si è sicuri.
install-dates-unknown = Le date delle chiavi installate in "{ $dir }" non si possono leggere senza la loro password. Ecco cosa si sa dei file installati:
install-vault-expiry = Le chiavi della cassaforte scadono il { $date }.
install-vault-expiry-unknown = Nemmeno la scadenza delle chiavi della cassaforte si può leggere.
prompt-old-password = Password delle chiavi installate (Invio per saltare):
install-old-password-wrong = La password non apre le chiavi installate: le loro date restano sconosciute.
ask-install-dates-unknown = Sostituire comunque le chiavi installate (la loro scadenza è sconosciuta)?
ask-install-expired = Le chiavi della cassaforte sono scadute il { $date }. Installarle comunque?
rollback-ask-expired = Le chiavi che tornano in uso sono scadute il { $date }: Desktop Telematico non può più firmare né inviare con queste. Ripristinarle comunque?
rollback-ask-dates-unknown = Non si può sapere se le chiavi che tornano in uso sono scadute: le loro date si leggono solo con la loro password. Ripristinarle comunque?
help-force-rollback = Ripristina anche chiavi scadute o di data sconosciuta, senza chiedere

## Comandi: installa, ripristina, cancella
about-install = Installa le chiavi della cassaforte su questo PC (le vecchie vengono archiviate)
about-rollback = Annulla l'ultima installazione: rimette le chiavi archiviate
about-wipe = Sovrascrive e cancella file (cassaforte, Password.txt, copie di chiavi)
help-install-vault = La cassaforte da installare (se manca, viene cercata accanto a sigillo)
help-to = Cartella delle chiavi di Desktop Telematico (se manca, viene cercata)
help-archive-dir = Dove archiviare le chiavi vecchie (predefinito: "Chiavi di Sicurezza Scadute" accanto alla cartella delle chiavi)
help-keep-vault = Lascia la cassaforte sulla chiavetta (serve ad altri PC)
help-wipe-vault = Cancella la cassaforte dalla chiavetta dopo l'installazione, senza chiedere, anche se la password non è stata mostrata
help-force-seal = Sigilla anche quando la password non si può controllare su un file, senza chiedere
help-force = Installa anche chiavi più vecchie di quelle installate, già scadute, o quando le date di quelle installate non si possono leggere
help-wipe-files = I file da sovrascrivere e cancellare
err-not-a-file = "{ $path }" non è un file: sigillo cancella solo file, mai cartelle.
rec-not-a-file = Indicare i singoli file da cancellare.
err-wipe-link = "{ $path }" è un collegamento: sigillo non cancella attraverso i collegamenti. Né il collegamento né il file a cui porta sono stati toccati.
rec-wipe-link = Per cancellare il file, indicare il file stesso, non il collegamento.
wipe-list = Questi file saranno sovrascritti e cancellati:
wipe-ask = Cancellarli definitivamente?
wipe-done = Cancellato: "{ $path }".
leftovers-found = Sulla chiavetta ("{ $dir }") ci sono copie in chiaro lasciate dalla vecchia procedura:
leftovers-how = Per cancellarle: sigillo cancella FILE...
leftovers-kept = Le copie in chiaro restano sulla chiavetta.
leftovers-ask = Cancellarle (consigliato)?
# Nuove opzioni
help-create = Crea la cartella di --to se non esiste (prima installazione su questo PC)
help-details = Mostra SHA-256, nomi completi dei certificati e numeri di serie (verifica li mostra sempre)

# Falso allarme del controllo del programma
help-ignore-program = Non considera Desktop Telematico il processo con questo numero (PID), se il controllo lo scambia per il programma; annotato nel registro
value-pid = PID

# La finestra (Windows)
help-console = Windows: il menu nella console anche col doppio clic, senza finestra
help-json = Scrive ogni evento come una riga JSON sullo standard output, per gli script (non chiede nulla)

## Modalità guidata
wizard-err-no-terminal = La modalità guidata ha bisogno di una finestra del terminale per mostrare il menu.
wizard-rec-no-terminal = Aprire sigillo con un doppio clic o da una finestra del terminale, oppure usare i comandi elencati sopra.
err-json-needs-command = Con --json serve un comando: la modalità guidata fa domande, e con --json non se ne fanno.
rec-json-needs-command = Indicare il comando, per esempio: sigillo --json verifica CASSAFORTE --passphrase-file FILE
wizard-title = sigillo — le chiavi di Desktop Telematico da un PC all'altro
wizard-stick = Chiavetta: "{ $dir }"
wizard-menu = Cosa si vuole fare?
wizard-menu-seal = Preparare la chiavetta su questo PC (sigillare le chiavi)
wizard-menu-install = Installare su questo PC le chiavi della chiavetta
wizard-menu-status = Controllare le chiavi di questo PC
wizard-menu-rollback = Annullare l'ultima installazione
wizard-menu-wipe = Cancellare file dalla chiavetta
wizard-menu-leave = Uscire
wizard-choice = Scelta (0-5):{" "}
wizard-bad-choice = Scrivere un numero da 0 a 5.
wizard-bye = Fine.
wizard-rec-no-vault = Preparare la chiavetta sul PC dove le chiavi sono state rinnovate (voce 1 del menu), oppure copiare la cassaforte (.age) accanto a sigillo.
wizard-rec-key-folder = Scrivere il percorso della cartella che contiene UTEF.P12, UTEC.P12 e UTENTE.KS.
wizard-rec-target-on-stick = { $place ->
    [drive] Scegliere la cartella delle chiavi sul disco di sistema di questo PC (per esempio C:\Entratel); se l'unità da cui è avviato sigillo è un disco di questo PC e non la chiavetta, avviare sigillo dalla chiavetta.
    [stick] Scegliere la cartella delle chiavi di questo PC (per esempio C:\Entratel), fuori dalla cartella di sigillo: sulla chiavetta viaggia solo la cassaforte cifrata.
   *[other] Scegliere la cartella delle chiavi di questo PC (per esempio C:\Entratel): sulla chiavetta viaggia solo la cassaforte cifrata.
}
wizard-rec-target-unresolved = Controllare il percorso e scegliere la cartella delle chiavi di questo PC (per esempio C:\Entratel).
wizard-seal-intro = Le tre chiavi di Desktop Telematico di questo PC e la loro password vengono chiuse in una cassaforte cifrata sulla chiavetta. Le chiavi di questo PC restano come sono.
wizard-seal-keys = Chiavi da sigillare: { $folder }
wizard-seal-out = La cassaforte sarà scritta sulla chiavetta: "{ $path }".
wizard-seal-replace = Sulla chiavetta c'è già "{ $path }". Sostituirla con quella nuova?
wizard-seal-ask = Procedere? (verranno chieste la password delle chiavi e la passphrase)
wizard-seal-next = Ora portare la chiavetta sull'altro PC e comunicare la passphrase per telefono; lì aprire sigillo e scegliere 2.
wizard-install-intro = La cassaforte della chiavetta viene aperta e controllata; le chiavi attuali di questo PC vengono spostate nell'archivio (non cancellate) e sostituite da quelle nuove. Prima di cambiare qualcosa viene chiesta conferma.
wizard-install-vault = Cassaforte trovata: "{ $path }" (codice di controllo { $code }).
wizard-install-check-code = Il codice di controllo deve essere uguale a quello letto da chi ha preparato la chiavetta.
wizard-status-intro = Ecco le chiavi di questo PC: i file, i certificati e la scadenza. Non viene cambiato nulla.
wizard-rollback-intro = Le chiavi archiviate dall'ultima installazione tornano nella cartella delle chiavi; quelle attuali vengono archiviate, non cancellate. Prima viene chiesta conferma.
wizard-wipe-intro = Sulla chiavetta vengono cercate le casseforti e le copie in chiaro lasciate dalla vecchia procedura (Password.txt, copie di UTEF.P12, UTEC.P12, UTENTE.KS). Ogni file viene sovrascritto e poi cancellato, solo dopo conferma.
wizard-wipe-nothing = Sulla chiavetta ("{ $dir }") non c'è nulla da cancellare.
wizard-wipe-vaults = Sulla chiavetta ci sono queste casseforti:
wizard-wipe-ask-vaults = Cancellarle? (solo se nessun altro PC ne ha più bisogno)
wizard-press-enter-to-close = Premi Invio per chiudere.
# Cartella ricordata
wizard-remembered-folder = Uso la cartella delle chiavi scelta prima: "{ $dir }".
# Non su una chiavetta (issue 13)
wizard-stick-not-removable = sigillo non è su una chiavetta: "{ $dir }" non è un'unità rimovibile. La cassaforte verrà scritta qui e le copie dei file delle chiavi trovate qui non verranno proposte per la cancellazione. Per portare le chiavi su un altro PC, copiare sigillo su una chiavetta USB e avviarlo da lì.

## La finestra (Windows, doppio clic)
gui-explain-seal = Sul PC dove le chiavi sono state rinnovate: le chiude con la password in una cassaforte cifrata sulla chiavetta.
gui-explain-install = Sull'altro PC: apre la cassaforte, archivia le chiavi vecchie e installa quelle nuove.
gui-explain-status = Mostra le chiavi di questo PC e quando scadono. Non cambia nulla.
gui-explain-rollback = Rimette le chiavi archiviate dall'ultima installazione.
gui-explain-wipe = Sovrascrive e cancella dalla chiavetta casseforti e copie in chiaro.
gui-yes = &Sì
gui-no = &No
gui-next = &Avanti
gui-back = &Indietro
gui-cancel = Annulla
gui-cancelling = Annullo…
gui-browse = S&foglia…
gui-browse-title = Scegliere la cartella delle chiavi
gui-choose = Quale usare? Sceglierla nell'elenco e premere Avanti.
gui-internal-error = sigillo si è fermato per un errore interno.
gui-rec-internal-error = Chiudere sigillo e riaprirlo: se un'installazione era a metà, all'avvio viene completata o annullata, senza perdere le chiavi.
gui-proceed = &Procedi
gui-details = &Dettagli
gui-open-folder = Apri &cartella
gui-show-secret = &Mostra
gui-plan-seal = Controllare prima di preparare la chiavetta
gui-plan-seal-from = Le chiavi di: "{ $path }"
gui-plan-seal-out = vanno nella cassaforte: "{ $path }"
gui-plan-install = Controllare prima di installare le chiavi nuove
gui-plan-holder = Intestatario: { $holder }
gui-plan-expires = Scadenza: { $date }
gui-plan-expires-unknown = Scadenza: non si legge dai certificati
gui-plan-target = Le chiavi nuove vanno in: "{ $path }"
gui-plan-archive = Le chiavi di adesso vanno nell'archivio: "{ $path }"
gui-plan-no-archive = In questa cartella non ci sono chiavi da archiviare.
gui-plan-check-code = Codice di controllo
gui-plan-compare = Deve essere uguale al codice che legge al telefono chi ha preparato la chiavetta.
gui-plan-rollback = Controllare prima di rimettere le chiavi di prima
gui-plan-rollback-from = Tornano le chiavi archiviate in: "{ $path }"
gui-plan-rollback-target = nella cartella: "{ $path }"
gui-plan-rollback-set-aside = Le chiavi di adesso vanno in: "{ $path }"
gui-plan-wipe = { $count ->
        [one] Questo file viene sovrascritto e cancellato:
       *[other] Questi { $count } file vengono sovrascritti e cancellati:
    }
gui-working = sigillo sta lavorando…
gui-working-search = Cerco la cartella delle chiavi: { $folders } cartelle guardate…
gui-working-deriving = Apro la cassaforte: ci vogliono alcuni secondi…
gui-working-checking = Controllo le chiavi…
gui-wrong-passphrase = Passphrase sbagliata. { $tries ->
        [one] Resta un tentativo.
       *[other] Restano { $tries } tentativi.
    }
gui-wrong-password = Password sbagliata. { $tries ->
        [one] Resta un tentativo.
       *[other] Restano { $tries } tentativi.
    }
gui-result-sealed = La chiavetta è pronta: le chiavi sono nella cassaforte.
gui-result-verified = La cassaforte si apre ed è integra.
gui-result-installed-wiped = Chiavi nuove installate; la cassaforte è stata cancellata.
gui-result-installed-kept = Chiavi nuove installate; la cassaforte resta sulla chiavetta.
gui-result-already = Le chiavi erano già installate: non è cambiato nulla.
gui-result-status = Ecco le chiavi di questo PC.
gui-result-rolled-back = Le chiavi di prima sono di nuovo al loro posto.
gui-result-wiped = { $count ->
        [one] Un file cancellato dalla chiavetta.
       *[other] { $count } file cancellati dalla chiavetta.
    }
gui-result-finished = Finito.
gui-result-stopped-late = Fermato, ma qualcosa era già stato fatto.
gui-detail-see-details = Premere Dettagli per leggere tutto quello che è stato fatto.
gui-detail-key-folder = Cartella delle chiavi: "{ $path }"
gui-detail-archive = Chiavi vecchie archiviate in: "{ $path }"
gui-detail-no-archive = Non c'erano chiavi vecchie da archiviare.
gui-detail-vault-wiped = La cassaforte è stata cancellata dalla chiavetta.
gui-detail-vault-kept = La cassaforte resta sulla chiavetta: "{ $path }". Cancellarla quando tutti i PC hanno le chiavi nuove.
gui-detail-vault-not-wiped = Non è stato possibile cancellare la cassaforte: resta sulla chiavetta ("{ $path }").
gui-detail-vault = Cassaforte: "{ $path }"
gui-detail-from = Prese dall'archivio: "{ $path }"
gui-detail-set-aside = Le chiavi tolte sono in: "{ $path }"
gui-detail-tell-code = Leggere questo codice al telefono a chi installerà le chiavi: sul suo PC deve comparire lo stesso.
gui-failed = Non è riuscito.
gui-failed-seal = La chiavetta non è stata preparata.
gui-failed-install = Le chiavi nuove non sono state installate.
gui-failed-status = Non è stato possibile controllare le chiavi di questo PC.
gui-failed-rollback = Le chiavi di prima non sono state rimesse.
gui-failed-wipe = La cancellazione non è riuscita.
gui-plan-seal-files = File: { $files }
gui-plan-expired = Scadenza: { $date } (già scadute)
gui-result-installed = Chiavi nuove installate.
gui-result-done-then-failed = { $done } Poi qualcosa non è riuscito:

## Interruzione (Ctrl-C): una riga vera su cosa è cambiato (issue 22)
interrupted-nothing = Interrotto: non è stato cambiato nulla.
interrupted-done = Interrotto. Già fatto prima dell'interruzione: { $changes }.
interrupted-written = scritto il file "{ $path }"
interrupted-installed = chiavi nuove installate in "{ $dir }"
interrupted-installed-archived = chiavi nuove installate in "{ $dir }" (le precedenti sono nell'archivio)
interrupted-rolled-back = chiavi dell'archivio rimesse in "{ $dir }"
interrupted-recovered = completata l'operazione lasciata a metà in "{ $dir }"
interrupted-wiped = cancellato il file "{ $path }"

## Quando cambia il set stesso (issue 22): password cambiata, altro titolare, cassaforte che non dice il vero
install-same-keys-new-password = Stesse chiavi, password cambiata: i file della cassaforte hanno gli stessi certificati di quelli installati, protetti da un'altra password. Le copie con la vecchia password vanno nell'archivio: non sono scadute.
install-same-keys = Stesse chiavi: i file della cassaforte hanno gli stessi certificati di quelli installati, ma il loro contenuto è diverso.
install-same-keys-unproven = I certificati che si possono leggere dicono che le chiavi installate sono le stesse della cassaforte, forse con un'altra password; gli altri file installati non si aprono senza la loro password attuale, quindi non è verificato. Le copie attuali vanno nell'archivio come «Sostituite il», non come scadute. Per verificarlo: ripetere con --password-file e la password attuale.
install-reissue = Le chiavi della cassaforte hanno le stesse date di quelle installate, ma sono altre chiavi: una nuova emissione per lo stesso titolare.
install-other-holder = Le chiavi della cassaforte sono di un altro titolare: installate ci sono quelle di "{ $installed }", nella cassaforte quelle di "{ $incoming }".
ask-install-other-holder = Sostituire le chiavi di "{ $installed }" con quelle di "{ $incoming }"?
err-other-holder = Le chiavi della cassaforte ("{ $incoming }") sono di un altro titolare rispetto a quelle installate ("{ $installed }"): non sono state installate.
rec-other-holder = Controllare che la cassaforte sia quella giusta per questo PC; per sostituire davvero le chiavi, ripetere senza --yes e confermare, oppure usare --force.
vault-certificates-unread = I certificati dei file nella cassaforte non si sono potuti leggere: quelli elencati sono ciò che dice la descrizione scritta da chi l'ha sigillata.
vault-manifest-holder-differs = La descrizione nella cassaforte dice "{ $claimed }", ma i certificati dei file sono di "{ $actual }".
vault-manifest-expiry-differs = La descrizione nella cassaforte dice che le chiavi scadono il { $claimed }, ma i certificati dei file scadono il { $actual }.
vault-manifest-bits-differ = La descrizione nella cassaforte dice che la chiave di "{ $file }" è di { $claimed } bit, ma quella del file è di { $actual } bit.
vault-manifest-certificates-differ = I certificati descritti nella cassaforte non sono quelli dei file che contiene. Sopra sono elencati quelli dei file.
password-opens-some = La password apre { $opened } ma non { $refused }.
mixed-two-generations = I file sono di due generazioni di chiavi: i certificati di { $opened } valgono dal { $from } al { $to }, quelli di { $refused } dal { $other_from } al { $other_to }.
list-and = e
list-nor = né
err-key-mismatch = La chiave privata di "{ $path }" non corrisponde al suo certificato: il file non contiene le chiavi di quel titolare.
rec-key-mismatch = Ricopiare i tre file dalla cartella di Desktop Telematico del PC che li usa davvero; se il problema resta, chiedere all'assistenza.
err-vault-set-refused = { $problem } Le chiavi della cassaforte non sono state installate: sul PC non è cambiato nulla.
rec-vault-set-refused = Sigillare di nuovo le chiavi sul PC di origine (sigillo controlla i file) e usare la nuova cassaforte.
vault-password-opens-none = La password inclusa nella cassaforte non apre nessuno dei suoi file.
forced-other-holder = Le chiavi della cassaforte ("{ $incoming }") sono di un altro titolare rispetto a quelle installate ("{ $installed }"): installate comunque, come chiesto con --force.
forced-keys-expired = Le chiavi da mettere in uso sono già scadute (il { $date }): installate comunque, come chiesto con --force.
forced-dates-unknown = Le date delle chiavi in "{ $dir }" non si possono leggere senza la loro password: sostituite comunque, come chiesto con --force.
forced-downgrade = Le chiavi della cassaforte (scadenza { $vault }) sono più vecchie di quelle installate (scadenza { $installed }): installate comunque, come chiesto con --force.
forced-password-unchecked = Non è possibile controllare la password per "{ $path }": sigillato comunque, come chiesto con --force.
ask-install-holder-unknown = Non si può leggere di chi sono le chiavi installate senza la loro password, e la loro scadenza è sconosciuta: sostituirle comunque?
holder-with-serial = { $name }, certificato con numero di serie { $serial }
verify-set-refused = { $problem } «sigillo installa» rifiuterà queste chiavi.
audit-not-written = Le chiavi sono al loro posto, ma il registro dell'archivio non è stato aggiornato: { $problem }
