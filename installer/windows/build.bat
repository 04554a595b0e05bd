@echo off
rem Build the Windows app and its zip: runs build.ps1 beside this file (see there and the README).
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0build.ps1"
if errorlevel 1 (
    echo The build failed: see the messages above.
    pause
    exit /b 1
)
