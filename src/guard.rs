//! Tell whether Desktop Telematico is running, so install can refuse to swap its keys.
//!
//! Desktop Telematico keeps the key files open (and may rewrite `UTENTE.KS`) while it runs:
//! replacing them under it mixes an old and a new set. A process counts as Desktop Telematico
//! when its image is `DesktopTelematico` (`.exe`), or when it is a `java`/`javaw` (`.exe`)
//! whose command line or image path mentions `DesktopTelematico`, `Entratel` or
//! `org.eclipse.equinox.launcher` (the program is an Eclipse RCP application on a bundled JRE).
//!
//! [`refuse_while_running`] is the check install and rollback make before touching a key folder.
//!
//! This module only looks: it must never signal, kill or otherwise touch another process, and
//! never hand out a command line (it may hold paths or secrets typed by the user); only the
//! process id and image name leave it. It prints only the warning and question of
//! [`refuse_while_running`].

use std::ffi::OsString;
use std::io;
use std::path::Path;

use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind};

use crate::error::{Error, Result};
use crate::fl;
use crate::ui::{Ui, agree};

/// A running Desktop Telematico. `name` is the process image name, safe to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningProgram {
    pub pid: u32,
    pub name: String,
}

/// Image names of the program's own launcher, compared without `.exe`, case-insensitively.
const LAUNCHER_IMAGES: [&str; 1] = ["desktoptelematico"];

/// Java runtimes that may be running the program.
const JAVA_IMAGES: [&str; 2] = ["java", "javaw"];

/// Words that, in a Java process's command line or image path, identify the program.
const JAVA_MARKERS: [&str; 3] = ["desktoptelematico", "entratel", "org.eclipse.equinox.launcher"];

/// Whether a process is Desktop Telematico, from its image name, image path and command line.
///
/// Both `name` and the file name of `exe` are taken as image names: on Linux the kernel
/// truncates a process name to 15 bytes (`DesktopTelemati`), so the full name is only in the
/// image path. A mention of `Entratel` in the arguments of a program that is not Java (an
/// editor opening `C:\Entratel\note.txt`) does not count.
pub fn is_desktop_telematico(name: &str, exe: Option<&Path>, cmdline: &[OsString]) -> bool {
    let exe_name = exe.and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
    let images: Vec<&str> = std::iter::once(name).chain(exe_name.as_deref()).collect();

    if images.iter().any(|i| image_is(i, &LAUNCHER_IMAGES)) {
        return true;
    }
    if !images.iter().any(|i| image_is(i, &JAVA_IMAGES)) {
        return false;
    }
    let exe_text = exe.map(|p| p.to_string_lossy());
    cmdline.iter().map(|a| a.to_string_lossy()).chain(exe_text).any(|text| mentions_marker(&text))
}

/// Whether `image` (with or without `.exe`, any case) is one of `names`.
fn image_is(image: &str, names: &[&str]) -> bool {
    let lower = image.to_lowercase();
    let stem = lower.strip_suffix(".exe").unwrap_or(&lower);
    names.contains(&stem)
}

fn mentions_marker(text: &str) -> bool {
    let lower = text.to_lowercase();
    JAVA_MARKERS.iter().any(|m| lower.contains(m))
}

/// The first running Desktop Telematico found, if any.
///
/// An error means the process list could not be read at all (sysinfo unsupported on this
/// platform, `/proc` missing): the caller cannot know whether the program runs and should not
/// take that as "not running". Processes of other users are listed too (their image names at
/// least; their command lines may be hidden from us).
pub fn find_running() -> io::Result<Option<RunningProgram>> {
    let mut system = System::new().map_err(|e| io::Error::other(e.to_string()))?;
    let listed = system.refresh_processes_specifics(
        ProcessesToUpdate::All,
        true,
        ProcessRefreshKind::nothing()
            // Threads share their process's name and command line: one hit per process.
            .without_tasks()
            .with_cmd(UpdateKind::Always)
            .with_exe(UpdateKind::Always),
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
            is_desktop_telematico(&name, p.exe(), p.cmd())
        })
        .map(|p| RunningProgram { pid: p.pid().as_u32(), name: display_name(p.name(), p.exe()) })
        .collect();
    // The process table is a hash map: sort so repeated runs name the same process.
    hits.sort_by_key(|p| p.pid);
    Ok(hits.into_iter().next())
}

/// Refuses while Desktop Telematico runs. When the process list cannot be read, says so and
/// asks (there is no evidence either way, so a person must say the program is closed).
pub fn refuse_while_running(yes: bool, ui: &mut dyn Ui) -> Result<()> {
    match find_running() {
        Ok(Some(program)) => Err(Error::ProgramRunning { name: program.name, pid: program.pid }),
        Ok(None) => Ok(()),
        Err(_) => {
            ui.warn(&fl!("guard-unknown"));
            if agree(ui, yes, &fl!("guard-ask-closed"))? { Ok(()) } else { Err(Error::Cancelled) }
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
        let exe = exe.map(PathBuf::from);
        is_desktop_telematico(name, exe.as_deref(), &args(cmd))
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
        assert!(check(
            "java",
            Some("/usr/bin/java"),
            &["java", "-cp", "launcher.jar", "ORG.ECLIPSE.EQUINOX.LAUNCHER.Main"],
        ));
        assert!(check("JAVA.EXE", None, &["java", "-Duser.dir=C:\\ENTRATEL", "Main"]));
        assert!(check("javaw", None, &["javaw", "-jar", "desktoptelematico.jar"]));
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

        /// Polls until `found` holds or a second passes: the process may need a moment to
        /// exec.
        fn wait_until(mut found: impl FnMut() -> bool) -> bool {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(1) {
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
            let java = copy_of("/bin/sh", dir.path(), "java");
            let child = Reaped(
                Command::new(&java)
                    .args(["-c", "read line", "org.eclipse.equinox.launcher"])
                    .stdin(Stdio::piped())
                    .spawn()
                    .unwrap(),
            );
            let pid = child.0.id();
            assert!(wait_until(|| found_pid() == Some(pid)));
            drop(child);
            assert!(wait_until(|| found_pid().is_none()));
        }
    }
}
