@echo off
rem Set up whatever is missing, then start the app on the demo municipality (Fjordvik kommune).
rem Usage: start-demo.bat [--lang nb^|en] [--read-only] [--exit-when-shown]
rem Needs Python 3.11 or newer from python.org. Not yet tried on Windows.
setlocal
cd /d "%~dp0"

set "PY="
where py >nul 2>nul && set "PY=py -3"
if not defined PY (where python >nul 2>nul && set "PY=python")
if not defined PY goto nopython
%PY% -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul || goto nopython

if not exist ".venv\Scripts\python.exe" (
    echo Creating the virtual environment .venv
    %PY% -m venv .venv || goto failed
)

rem Reinstall only when pyproject.toml or constraints.txt changed since the last install.
set "STAMP=.venv\setup-stamp"
set "CURRENT=1"
fc /b pyproject.toml "%STAMP%\pyproject.toml" >nul 2>nul || set "CURRENT=0"
fc /b constraints.txt "%STAMP%\constraints.txt" >nul 2>nul || set "CURRENT=0"
if "%CURRENT%"=="0" (
    echo Installing Python packages into .venv ^(the first time takes a few minutes^)
    ".venv\Scripts\python.exe" -m pip install -q --disable-pip-version-check -c constraints.txt -e . || goto failed
    if not exist "%STAMP%" mkdir "%STAMP%"
    copy /y pyproject.toml "%STAMP%\" >nul
    copy /y constraints.txt "%STAMP%\" >nul
)

set "DB=.demo\fjordvik.sqlite"
if not exist "%DB%" (
    if not exist .demo mkdir .demo
    ".venv\Scripts\python.exe" -m beredskap_desktop demo --db "%DB%" || goto demofailed
)
".venv\Scripts\python.exe" -m beredskap_desktop --db "%DB%" %*
exit /b %ERRORLEVEL%

:nopython
echo Python 3.11 or newer was not found. Install it from https://www.python.org/downloads/ and run start-demo.bat again.
pause
exit /b 1

:demofailed
del /q ".demo\fjordvik.sqlite*" >nul 2>nul
echo start-demo.bat: could not create the demo database.
pause
exit /b 1

:failed
echo start-demo.bat: setup failed, see the messages above.
pause
exit /b 1
