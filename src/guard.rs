//! Tell whether Desktop Telematico is running, so install can refuse to swap its keys.
//!
//! Desktop Telematico keeps the key files open (and may rewrite `UTENTE.KS`) while it runs:
//! replacing them under it mixes an old and a new set. A process counts as Desktop Telematico
//! when its image is `DesktopTelematico` (`.exe`), or when it is a `java`/`javaw` (`.exe`)
//! whose command line or image path mentions `DesktopTelematico` or `Entratel`, or that runs
//! the Eclipse launcher (`org.eclipse.equinox.launcher`, the program is an Eclipse RCP
//! application on a bundled JRE) *from* a Desktop Telematico / Entratel / SOGEI installation:
//! its image path, working folder or command line says so. An Equinox launcher anywhere else
//! (VS Code's Java extension, an Eclipse IDE) is not Desktop Telematico.
//!
//! [`refuse_while_running`] is the check install and rollback make before touching a key folder.
//! A false positive has a way out that is not `--yes`: the user names the process id
//! (`--ignora-programma PID`), and the step writes that in the audit log.
//!
//! This module only looks: it must never signal, kill or otherwise touch another process, and
//! never hand out a command line (it may hold paths or secrets typed by the user); only the
//! process id, image name and image path leave it. It prints only the warnings and question of
//! [`refuse_while_running`].

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind};

use crate::error::{Error, Result};
use crate::i18n::fl;
use crate::sanitize::{escape, shown};
use crate::ui::{Ui, agree};

/// A running Desktop Telematico. `name` is the process image name and `path` its image path
/// (when the system says); both are printed through `sanitize`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningProgram {
    pub pid: u32,
    pub name: String,
    pub path: Option<PathBuf>,
}

/// Image names of the program's own launcher, compared without `.exe`, case-insensitively.
const LAUNCHER_IMAGES: [&str; 1] = ["desktoptelematico"];

/// Java runtimes that may be running the program.
const JAVA_IMAGES: [&str; 2] = ["java", "javaw"];

/// Words that, in a Java process's command line or image path, identify the program.
const JAVA_MARKERS: [&str; 2] = ["desktoptelematico", "entratel"];

/// The Eclipse launcher: Desktop Telematico's, but also that of every Eclipse-based tool.
const EQUINOX_LAUNCHER: &str = "org.eclipse.equinox.launcher";

/// Words that, in an Equinox launcher's image path, working folder or command line, place it in
/// a Desktop Telematico installation (`C:\Programmi\SOGEI\DesktopTelematico`, `C:\Entratel`).
const INSTALLATION_MARKERS: [&str; 3] = ["desktoptelematico", "entratel", "sogei"];

/// Whether a process is Desktop Telematico, from its image name, image path, command line and
/// working folder.
///
/// Both `name` and the file name of `exe` are taken as image names: on Linux the kernel
/// truncates a process name to 15 bytes (`DesktopTelemati`), so the full name is only in the
/// image path. A mention of `Entratel` in the arguments of a program that is not Java (an
/// editor opening `C:\Entratel\note.txt`) does not count, and neither does an Equinox launcher
/// outside a Desktop Telematico installation.
pub fn is_desktop_telematico(
    name: &str,
    exe: Option<&Path>,
    cmdline: &[OsString],
    cwd: Option<&Path>,
) -> bool {
    let exe_name = exe.and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
    let images: Vec<&str> = std::iter::once(name).chain(exe_name.as_deref()).collect();

    if images.iter().any(|i| image_is(i, &LAUNCHER_IMAGES)) {
        return true;
    }
    if !images.iter().any(|i| image_is(i, &JAVA_IMAGES)) {
        return false;
    }
    let exe_text = exe.map(|p| p.to_string_lossy());
    let args: Vec<String> = cmdline.iter().map(|a| a.to_string_lossy().to_lowercase()).collect();
    let exe_lower = exe_text.map(|t| t.to_lowercase());
    let seen = args.iter().chain(exe_lower.as_ref());
    if seen.clone().any(|text| mentions(text, &JAVA_MARKERS)) {
        return true;
    }
    if !args.iter().any(|a| a.contains(EQUINOX_LAUNCHER)) {
        return false;
    }
    let cwd_lower = cwd.map(|p| p.to_string_lossy().to_lowercase());
    seen.chain(cwd_lower.as_ref()).any(|text| mentions(text, &INSTALLATION_MARKERS))
}

/// Whether `image` (with or without `.exe`, any case) is one of `names`.
fn image_is(image: &str, names: &[&str]) -> bool {
    let lower = image.to_lowercase();
    let stem = lower.strip_suffix(".exe").unwrap_or(&lower);
    names.contains(&stem)
}

/// Whether lower-case `text` contains one of `markers`.
fn mentions(text: &str, markers: &[&str]) -> bool {
    markers.iter().any(|m| text.contains(m))
}

/// The first running Desktop Telematico found, if any.
///
/// An error means the process list could not be read at all (sysinfo unsupported on this
/// platform, `/proc` missing): the caller cannot know whether the program runs and should not
/// take that as "not running". Processes of other users are listed too (their image names at
/// least; their command lines may be hidden from us).
pub fn find_running() -> io::Result<Option<RunningProgram>> {
    Ok(find_all_running()?.into_iter().next())
}

/// Every running Desktop Telematico, by process id; see [`find_running`].
pub fn find_all_running() -> io::Result<Vec<RunningProgram>> {
    let mut system = System::new().map_err(|e| io::Error::other(e.to_string()))?;
    let listed = system.refresh_processes_specifics(
        ProcessesToUpdate::All,
        true,
        ProcessRefreshKind::nothing()
            // Threads share their process's name and command line: one hit per process.
            .without_tasks()
            .with_cmd(UpdateKind::Always)
            .with_exe(UpdateKind::Always)
            .with_cwd(UpdateKind::Always),
    );
    if listed == 0 {
        // Every system runs at least this process: an empty list means we could not look.
        return Err(io::Error::from(io::ErrorKind::Unsupported));
    }
    let mut hits: Vec<RunningProgram> = system
        .processes()
        .values()
        .filter(|p| p.thread_kind().is_none())
        .filter(|p| {
            let name = p.name().to_string_lossy();
            is_desktop_telematico(&name, p.exe(), p.cmd(), p.cwd())
        })
        .map(|p| RunningProgram {
            pid: p.pid().as_u32(),
            name: display_name(p.name(), p.exe()),
            path: p.exe().map(Path::to_owned),
        })
        .collect();
    // The process table is a hash map: sort so repeated runs name the same process.
    hits.sort_by_key(|p| p.pid);
    Ok(hits)
}

/// Refuses while Desktop Telematico runs, except the processes whose ids the user listed in
/// `ignore` (`--ignora-programma`, for a process the check mistakes for the program): those
/// are named in a warning and returned, for the audit log. When the process list cannot be
/// read, says so and asks (there is no evidence either way, so a person must say the program
/// is closed).
pub fn refuse_while_running(
    yes: bool,
    ignore: &[u32],
    ui: &mut dyn Ui,
) -> Result<Vec<RunningProgram>> {
    match find_all_running() {
        Ok(found) => {
            let (ignored, running): (Vec<_>, Vec<_>) =
                found.into_iter().partition(|p| ignore.contains(&p.pid));
            if let Some(program) = running.into_iter().next() {
                return Err(Error::ProgramRunning {
                    name: program.name,
                    pid: program.pid,
                    path: program.path,
                });
            }
            for program in &ignored {
                ui.warn(&fl!(
                    "guard-ignored",
                    name = escape(&program.name),
                    pid = program.pid,
                    path = program.path.as_deref().map(shown).unwrap_or_default()
                ));
            }
            Ok(ignored)
        }
        Err(_) => {
            ui.warn(&fl!("guard-unknown"));
            if agree(ui, yes, &fl!("guard-ask-closed"))? {
                Ok(Vec::new())
            } else {
                Err(Error::Cancelled)
            }
        }
    }
}

/// The image name to show: the file name of the image path when known (not truncated),
/// otherwise the name the system reports.
fn display_name(name: &std::ffi::OsStr, exe: Option<&Path>) -> String {
    exe.and_then(Path::file_name).unwrap_or(name).to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    fn check(name: &str, exe: Option<&str>, cmd: &[&str]) -> bool {
        check_in(name, exe, cmd, None)
    }

    fn check_in(name: &str, exe: Option<&str>, cmd: &[&str], cwd: Option<&str>) -> bool {
        let exe = exe.map(PathBuf::from);
        let cwd = cwd.map(PathBuf::from);
        is_desktop_telematico(name, exe.as_deref(), &args(cmd), cwd.as_deref())
    }

    #[test]
    fn launcher_image_matches_in_any_case() {
        assert!(check("DesktopTelematico.exe", None, &[]));
        assert!(check("DesktopTelematico", None, &[]));
        assert!(check("desktoptelematico.EXE", None, &[]));
        assert!(check("DESKTOPTELEMATICO", None, &[]));
    }

    #[test]
    fn launcher_found_by_image_path_when_the_name_is_truncated() {
        // Linux reports at most 15 bytes of the name.
        assert!(check(
            "DesktopTelemati",
            Some("/opt/DesktopTelematico/DesktopTelematico"),
            &["/opt/DesktopTelematico/DesktopTelematico"],
        ));
        assert!(!check("DesktopTelemati", None, &[]));
    }

    #[test]
    fn java_running_the_program_matches() {
        assert!(check(
            "javaw.exe",
            Some(r"C:\Program Files\Java\jre8\bin\javaw.exe"),
            &[
                r"C:\Program Files\Java\jre8\bin\javaw.exe",
                "-jar",
                r"C:\Programmi\DesktopTelematico\plugins\org.eclipse.equinox.launcher_1.3.jar",
            ],
        ));
        assert!(check("JAVA.EXE", None, &["java", "-Duser.dir=C:\\ENTRATEL", "Main"]));
        assert!(check("javaw", None, &["javaw", "-jar", "desktoptelematico.jar"]));
    }

    #[test]
    fn an_equinox_launcher_counts_only_inside_a_desktop_telematico_installation() {
        let equinox = ["java", "-cp", "launcher.jar", "ORG.ECLIPSE.EQUINOX.LAUNCHER.Main"];
        // VS Code's Java language server: the Equinox launcher from the editor's extension.
        let vscode = [
            r"C:\Program Files\Eclipse Adoptium\jdk-21\bin\java.exe",
            "--add-modules=ALL-SYSTEM",
            "-jar",
            r"C:\Users\rossi\.vscode\extensions\redhat.java-1.36.0\server\plugins\org.eclipse.equinox.launcher_1.6.900.jar",
            "-data",
            r"C:\Users\rossi\AppData\Roaming\Code\User\workspaceStorage\ab12\redhat.java\jdt_ws",
        ];
        let jdk = Some(r"C:\Program Files\Eclipse Adoptium\jdk-21\bin\java.exe");
        assert!(!check_in("java.exe", jdk, &vscode, Some(r"C:\Users\rossi\progetti")));
        assert!(!check("java", Some("/usr/bin/java"), &equinox));
        assert!(!check_in("java", Some("/usr/bin/java"), &equinox, Some("/home/rossi/eclipse")));
        // The same launcher from a Desktop Telematico installation: its bundled JRE, its
        // working folder, or its plugins folder on the command line.
        assert!(check("javaw.exe", Some(r"C:\Programmi\SOGEI\jre\bin\javaw.exe"), &equinox));
        assert!(check_in("java", Some("/usr/bin/java"), &equinox, Some("/opt/SOGEI/DT")));
        assert!(check_in(
            "java",
            Some("/usr/bin/java"),
            &equinox,
            Some("/home/studio/DesktopTelematico")
        ));
        assert!(check(
            "java",
            Some("/usr/bin/java"),
            &["java", "-jar", "/opt/sogei/plugins/org.eclipse.equinox.launcher_1.3.jar"],
        ));
        // A working folder alone makes no Java program Desktop Telematico.
        assert!(!check_in(
            "java",
            Some("/usr/bin/java"),
            &["java", "-jar", "x.jar"],
            Some("/SOGEI")
        ));
    }

    #[test]
    fn java_from_the_program_bundled_jre_matches_by_image_path() {
        assert!(check(
            "javaw.exe",
            Some(r"C:\Programmi\DesktopTelematico\jre\bin\javaw.exe"),
            &["javaw", "-Xmx512m", "Main"],
        ));
        assert!(check("java", Some("/home/studio/Entratel/jre/bin/java"), &[],));
    }

    #[test]
    fn java_running_something_else_does_not_match() {
        assert!(!check(
            "java",
            Some("/usr/bin/java"),
            &["java", "-jar", "/opt/jenkins/jenkins.war"],
        ));
        assert!(!check(
            "javaw.exe",
            Some(r"C:\Program Files\Java\bin\javaw.exe"),
            &["javaw", "-jar", "gestionale.jar"],
        ));
        assert!(!check("java", None, &[]));
    }

    #[test]
    fn other_programs_mentioning_entratel_do_not_match() {
        assert!(!check(
            "notepad.exe",
            Some(r"C:\Windows\System32\notepad.exe"),
            &["notepad.exe", r"C:\Entratel\foo.txt"],
        ));
        assert!(
            !check("explorer.exe", None, &["explorer.exe", r"C:\Programmi\DesktopTelematico"],)
        );
        assert!(!check("sigillo.exe", None, &["sigillo", "install", "--to", r"C:\Entratel"],));
        assert!(!check("notepad.exe", None, &[]));
    }

    #[test]
    fn names_that_only_contain_the_words_do_not_match() {
        assert!(!check("DesktopTelematicoUpdater.exe", None, &[]));
        assert!(!check("javascript", None, &["org.eclipse.equinox.launcher"]));
        assert!(!check("myjava.exe", None, &["Entratel"]));
        assert!(!check("java.exe.bak", None, &["Entratel"]));
    }

    #[test]
    fn display_name_prefers_the_untruncated_image_name() {
        let exe = PathBuf::from("/opt/x/DesktopTelematico");
        assert_eq!(display_name("DesktopTelemati".as_ref(), Some(&exe)), "DesktopTelematico");
        assert_eq!(display_name("javaw.exe".as_ref(), None), "javaw.exe");
    }

    #[cfg(target_os = "linux")]
    mod live {
        use super::super::*;
        use std::path::PathBuf;
        use std::process::{Child, Command, Stdio};
        use std::time::{Duration, Instant};

        /// Kills the child on drop, so a failing assertion leaves no process behind.
        struct Reaped(Child);
        impl Drop for Reaped {
            fn drop(&mut self) {
                let _ = self.0.kill();
                let _ = self.0.wait();
            }
        }

        fn copy_of(program: &str, dir: &Path, name: &str) -> PathBuf {
            let to = dir.join(name);
            std::fs::copy(program, &to).unwrap();
            to
        }

        /// Polls until `found` holds or two minutes pass: the process may need a moment to
        /// exec, and a loaded machine many moments (a hang's watchdog, never a speed limit).
        fn wait_until(found: impl FnMut() -> bool) -> bool {
            wait_for(found, Duration::from_secs(120))
        }

        /// Polls `found` for `limit`, every 20 ms.
        fn wait_for(mut found: impl FnMut() -> bool, limit: Duration) -> bool {
            let start = Instant::now();
            while start.elapsed() < limit {
                if found() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            false
        }

        fn found_pid() -> Option<u32> {
            find_running().unwrap().map(|p| p.pid)
        }

        // Both live cases run in one test: tests run in parallel and each one's process would
        // show up in the other's scan.
        #[test]
        fn finds_a_running_launcher_and_a_java_then_not_after_kill() {
            let dir = tempfile::tempdir().unwrap();

            let launcher = copy_of("/bin/sleep", dir.path(), "DesktopTelematico");
            let child = Reaped(Command::new(&launcher).arg("30").spawn().unwrap());
            let pid = child.0.id();
            assert!(wait_until(|| found_pid() == Some(pid)));
            let shown = find_running().unwrap().unwrap();
            assert_eq!(shown.name, "DesktopTelematico");
            drop(child);
            assert!(wait_until(|| found_pid().is_none()));

            // A shell copied as `java`, with the Eclipse launcher named in its arguments. It
            // waits on its own stdin (a pipe nobody writes to), so no grandchild outlives it.
            // From an ordinary folder it is some Eclipse-based tool: not the program.
            let equinox = ["-c", "read line", "org.eclipse.equinox.launcher"];
            let java = copy_of("/bin/sh", dir.path(), "java");
            let spawn = |java: &Path| {
                Reaped(Command::new(java).args(equinox).stdin(Stdio::piped()).spawn().unwrap())
            };
            let child = spawn(&java);
            let pid = child.0.id();
            // An absence cannot be waited for to the end: a second of not finding it.
            let found = wait_for(|| found_pid() == Some(pid), Duration::from_secs(1));
            assert!(!found, "an IDE's launcher is not DT");
            drop(child);
            // The same from a SOGEI installation's bundled JRE: the program.
            let jre = dir.path().join("SOGEI").join("jre");
            std::fs::create_dir_all(&jre).unwrap();
            let java = copy_of("/bin/sh", &jre, "java");
            let child = spawn(&java);
            let pid = child.0.id();
            assert!(wait_until(|| found_pid() == Some(pid)));
            let shown = find_running().unwrap().unwrap();
            assert_eq!(shown.path.as_deref(), Some(java.as_path()), "its path is named");
            drop(child);
            assert!(wait_until(|| found_pid().is_none()));
        }
    }
}
