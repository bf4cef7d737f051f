# Debian packages with CPack (deploy/INSTALL.md): one package per component.
#   si-anoman-server   queue-server, queuectl, si-anoman-backup, the hardened
#                      unit, the daily backup timer, an example configuration
#   si-anoman-kiosk    the ticket kiosk, full screen on tty1 (cage)
#   si-anoman-display  the hall display, full screen on tty1 (cage)
#   si-anoman-counter  the clerk console, full screen on tty1 (cage)
#   si-anoman-tls      the optional TLS tunnel (server end and client end units)
# `cpack -G DEB` in the build directory (or `cmake --build . --target package`)
# writes si-anoman-<component>_<version>-1_<arch>.deb.
#
# The GUI programs are installed as si-anoman-kiosk, -display, -counter: plain
# "display" would collide with ImageMagick's /usr/bin/display.
set(ANOMAN_DEPLOY_DIR ${CMAKE_CURRENT_LIST_DIR}/../deploy)
set(ANOMAN_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/si-anoman)
set(ANOMAN_UNIT_DIR lib/systemd/system)
set(ANOMAN_SYSUSERS_DIR lib/sysusers.d)

# ---- server ------------------------------------------------------------------
# (queue-server, queuectl and si-anoman-backup have their install() rules in queue-server/.)
install(FILES
    ${ANOMAN_DEPLOY_DIR}/systemd/si-anoman-server.service
    ${ANOMAN_DEPLOY_DIR}/systemd/si-anoman-backup.service
    ${ANOMAN_DEPLOY_DIR}/systemd/si-anoman-backup.timer
  DESTINATION ${ANOMAN_UNIT_DIR} COMPONENT server)
install(FILES ${ANOMAN_DEPLOY_DIR}/sysusers/si-anoman-server.conf DESTINATION ${ANOMAN_SYSUSERS_DIR} COMPONENT server)
install(FILES ${ANOMAN_DEPLOY_DIR}/config/server.json.in DESTINATION ${ANOMAN_SHARE_DIR} COMPONENT server)
install(FILES ${ANOMAN_DEPLOY_DIR}/config/si-anoman.default DESTINATION /etc/default RENAME si-anoman COMPONENT server)
install(FILES ${ANOMAN_DEPLOY_DIR}/INSTALL.md ${CMAKE_CURRENT_LIST_DIR}/../README.md
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/si-anoman-server COMPONENT server)
install(FILES ${ANOMAN_DEPLOY_DIR}/config/server.json.in
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/si-anoman-server/examples RENAME server.json COMPONENT server)

# Manual pages from each program's --help (help2man), when help2man is installed.
find_program(ANOMAN_HELP2MAN help2man)
set(anoman_man_pages)
if(ANOMAN_HELP2MAN)
  set(anoman_man_name_queue-server "the Si Anoman hospital queue server")
  set(anoman_man_name_queuectl "administer and script the Si Anoman queue-server")
  set(anoman_man_name_si-anoman-backup "back up, verify and restore the Si Anoman queue database")
  foreach(program queue-server queuectl si-anoman-backup)
    if(TARGET ${program})
      set(page ${CMAKE_BINARY_DIR}/man/${program}.1)
      add_custom_command(OUTPUT ${page}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
        COMMAND ${ANOMAN_HELP2MAN} --no-info --no-discard-stderr --section=1
                "--name=${anoman_man_name_${program}}" --output=${page} $<TARGET_FILE:${program}>
        DEPENDS ${program}
        COMMENT "Manual page ${program}(1) from its --help"
        VERBATIM)
      list(APPEND anoman_man_pages ${page})
    endif()
  endforeach()
  add_custom_target(anoman_man_pages ALL DEPENDS ${anoman_man_pages})
  install(FILES ${anoman_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT server)
endif()

# ---- tls (optional encrypted link; si-anoman-tls has its install() rule in queue-server/) ----
set(ANOMAN_TLS_COMPONENT)
if(TARGET si-anoman-tls)
  set(ANOMAN_TLS_COMPONENT tls)
  install(FILES
      ${ANOMAN_DEPLOY_DIR}/systemd/si-anoman-tls-server.service
      ${ANOMAN_DEPLOY_DIR}/systemd/si-anoman-tls-client.service
    DESTINATION ${ANOMAN_UNIT_DIR} COMPONENT tls)
  install(FILES ${ANOMAN_DEPLOY_DIR}/config/si-anoman-tls.default DESTINATION /etc/default RENAME si-anoman-tls
    COMPONENT tls)
  install(FILES ${ANOMAN_DEPLOY_DIR}/INSTALL.md DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/si-anoman-tls COMPONENT tls)
  if(ANOMAN_HELP2MAN)
    set(page ${CMAKE_BINARY_DIR}/man/si-anoman-tls.1)
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${ANOMAN_HELP2MAN} --no-info --no-discard-stderr --section=1
              "--name=TLS tunnel with certificate pinning for the Si Anoman queue protocol"
              --output=${page} $<TARGET_FILE:si-anoman-tls>
      DEPENDS si-anoman-tls VERBATIM)
    add_custom_target(anoman_man_page_tls ALL DEPENDS ${page})
    install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT tls)
  endif()
endif()

# ---- kiosk, display, counter -----------------------------------------------------
set(ANOMAN_SCREEN_COMPONENTS)
foreach(component kiosk display counter)
  if(NOT TARGET ${component})
    continue()
  endif()
  list(APPEND ANOMAN_SCREEN_COMPONENTS ${component})
  install(PROGRAMS $<TARGET_FILE:${component}> DESTINATION ${CMAKE_INSTALL_BINDIR}
    RENAME si-anoman-${component} COMPONENT ${component})
  install(FILES ${ANOMAN_DEPLOY_DIR}/systemd/si-anoman-${component}.service
    DESTINATION ${ANOMAN_UNIT_DIR} COMPONENT ${component})
  install(FILES ${ANOMAN_DEPLOY_DIR}/sysusers/si-anoman-screen.conf
    DESTINATION ${ANOMAN_SYSUSERS_DIR} RENAME si-anoman-screen-${component}.conf COMPONENT ${component})
  install(FILES ${ANOMAN_DEPLOY_DIR}/config/${component}.env
    DESTINATION ${ANOMAN_SHARE_DIR} RENAME ${component}.env.example COMPONENT ${component})
  install(FILES ${ANOMAN_DEPLOY_DIR}/INSTALL.md
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/si-anoman-${component} COMPONENT ${component})
  # Maintainer scripts from the shared templates (@COMPONENT@ -> kiosk ...).
  set(COMPONENT ${component})
  foreach(script postinst prerm postrm)
    configure_file(${ANOMAN_DEPLOY_DIR}/debian/screen/${script}.in
      ${CMAKE_BINARY_DIR}/deploy/debian/${component}/${script} @ONLY
      FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  endforeach()
endforeach()

# ---- CPack -----------------------------------------------------------------------
# cpack (and `make install`) package what is built and build nothing first:
# without this, cpack's preinstall step builds every target (tests,
# benchmarks) before it packages four programs.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME si-anoman)
set(CPACK_PACKAGE_VENDOR "Si Anoman")
set(CPACK_PACKAGE_CONTACT "Si Anoman maintainers <si-anoman@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL server ${ANOMAN_SCREEN_COMPONENTS} ${ANOMAN_TLS_COMPONENT})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/si-anoman")
# Library dependencies come from dpkg-shlibdeps; the rest is listed per package.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME si-anoman-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "systemd, tzdata, coreutils")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "sqlite3")
# (Description: the first line is the synopsis; CPack indents the others.)
set(CPACK_COMPONENT_SERVER_DESCRIPTION "Si Anoman queue-server: the patient queue of a hospital
The only owner of the queue's state (SQLite), serving the kiosks, hall
displays and counter consoles over TCP. Includes queuectl (administration:
devices, backups, status), si-anoman-backup, a hardened systemd unit with a
watchdog, a daily backup timer and an example configuration.")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  ${ANOMAN_DEPLOY_DIR}/debian/server/postinst
  ${ANOMAN_DEPLOY_DIR}/debian/server/prerm
  ${ANOMAN_DEPLOY_DIR}/debian/server/postrm
  ${ANOMAN_DEPLOY_DIR}/debian/server/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(anoman_screen_what_kiosk "the self-service ticket kiosk (touch screen, ticket printer)")
set(anoman_screen_what_display "the waiting-hall display (calls shown and spoken in Bahasa Indonesia)")
set(anoman_screen_what_counter "the clerk console of a counter (loket)")
foreach(component ${ANOMAN_SCREEN_COMPONENTS})
  string(TOUPPER ${component} upper)
  set(CPACK_DEBIAN_${upper}_PACKAGE_NAME si-anoman-${component})
  set(CPACK_DEBIAN_${upper}_PACKAGE_DEPENDS "systemd, cage, xwayland, fonts-dejavu-core")
  set(CPACK_COMPONENT_${upper}_DESCRIPTION "Si Anoman ${component}: ${anoman_screen_what_${component}}
Runs full screen from boot on tty1 in the cage kiosk compositor, restarted
by systemd if it stops. Connects to the si-anoman-server over the LAN.")
  set(CPACK_DEBIAN_${upper}_PACKAGE_CONTROL_EXTRA
    ${CMAKE_BINARY_DIR}/deploy/debian/${component}/postinst
    ${CMAKE_BINARY_DIR}/deploy/debian/${component}/prerm
    ${CMAKE_BINARY_DIR}/deploy/debian/${component}/postrm)
endforeach()
set(CPACK_DEBIAN_DISPLAY_PACKAGE_RECOMMENDS "espeak-ng-data")

set(CPACK_DEBIAN_TLS_PACKAGE_NAME si-anoman-tls)
set(CPACK_DEBIAN_TLS_PACKAGE_DEPENDS "systemd")
set(CPACK_COMPONENT_TLS_DESCRIPTION "Si Anoman TLS: optional encryption of the queue protocol
A tunnel on each end: the server end holds a certificate, the client end on
each kiosk, display and counter PC pins its SHA-256 fingerprint. The
programs themselves keep talking to 127.0.0.1:7700.")
set(CPACK_DEBIAN_TLS_PACKAGE_CONTROL_EXTRA ${ANOMAN_DEPLOY_DIR}/debian/tls/conffiles)

include(CPack)
