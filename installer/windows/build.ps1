# Build the double-click app on Windows and zip it for laptops and USB sticks. NOT TRIED YET: the
# project has had no Windows machine; report what fails (see README, "Packaging").
#
# Usage, in PowerShell from the repository folder:
#     powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Needs Python 3.11 or newer from python.org (the "py" launcher). It makes .venv when missing,
# installs the exact versions in constraints.txt with the [build] extra (PyInstaller), builds
# dist\beredskap-desktop\ from installer\beredskap_desktop.spec (the same spec as on Linux), runs
# the built app's self-test, and writes dist\beredskap-desktop-VERSION-windows-ARCH.zip: the app
# folder with an empty data\ folder beside the executables, so the unpacked app keeps its
# database, backups and keys there (portable mode).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Invoke-Checked([string]$what, [scriptblock]$command) {
    & $command
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)" }
}

$python = ".venv\Scripts\python.exe"
if (-not (Test-Path $python)) {
    Invoke-Checked "py -3 -m venv .venv (is Python 3.11+ from python.org installed?)" { py -3 -m venv .venv }
}
Invoke-Checked "pip install" {
    & $python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[build]"
}
Invoke-Checked "PyInstaller" {
    & $python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build installer\beredskap_desktop.spec
}

$app = "dist\beredskap-desktop"
Invoke-Checked "The built app's self-test" { & "$app\beredskap.exe" self-test }

Invoke-Checked "Zipping" { & $python installer\windows\portable_zip.py $app }
