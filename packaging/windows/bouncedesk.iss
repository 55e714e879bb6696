; Inno Setup 6.3+ script: a per-user installer for the one-folder build (packaging/README.md).
;   iscc /DAppVersion=0.1.0 packaging\windows\bouncedesk.iss
; The result is packaging\dist\BounceDesk-<version>-setup.exe (sign it, see the README).
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z bouncedesk.iss
#endif

[Setup]
AppId={{E6A4724A-EF28-4ADE-B4CF-72306B5F95CA}
AppName=Bounce Desk
AppVersion={#AppVersion}
AppPublisher=Bounce Desk
DefaultDirName={autopf}\Bounce Desk
DefaultGroupName=Bounce Desk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=BounceDesk-{#AppVersion}-setup
SetupIconFile=..\build\icons\bouncedesk.ico
UninstallDisplayIcon={app}\Bounce Desk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\bouncedesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Bounce Desk"; Filename: "{app}\Bounce Desk.exe"
Name: "{autodesktop}\Bounce Desk"; Filename: "{app}\Bounce Desk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Bounce Desk.exe"; Description: "{cm:LaunchProgram,Bounce Desk}"; Flags: nowait postinstall skipifsilent
