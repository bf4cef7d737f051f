# Debian packages with CPack (deploy/INSTALL.md): one package per component.
#   si-anoman-server   queue-server, queuectl, si-anoman-backup, the hardened
#                      unit, the daily backup timer, an example configuration
#   si-anoman-kiosk    the ticket kiosk, full screen on tty1 (cage)
#   si-anoman-display  the hall display, full screen on tty1 (cage)
#   si-anoman-counter  the clerk console, full screen on tty1 (cage)
# `cpack -G DEB` in the build directory (or `cmake --build . --target package`)
# writes si-anoman-<component>_<version>-1_<arch>.deb.
#
# The GUI programs are installed as si-anoman-kiosk, -display, -counter: plain
# "display" would collide with ImageMagick's /usr/bin/display.
set(ANOMAN_DEPLOY_DIR ${CMAKE_CURRENT_LIST_DIR}/../deploy)
set(ANOMAN_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/si-anoman)
set(ANOMAN_UNIT_DIR lib/systemd/system)
set(ANOMAN_SYSUSERS_DIR lib/sysusers.d)

# Who answers for the packages (Maintainer:, and the changelog's trailer).
set(ANOMAN_PACKAGE_MAINTAINER "Si Anoman maintainers <maintainers@users.noreply.h-seed-3a4f5b53.example>"
  CACHE STRING "Maintainer of the Debian packages: a name and a mail address that reaches a person")
set(ANOMAN_DEB_VERSION ${PROJECT_VERSION}-1)

# Every package carries the Debian copyright file and a compressed changelog
# (Debian policy 12.5 and 12.7; lintian checks both).
configure_file(${ANOMAN_DEPLOY_DIR}/debian/doc/changelog.Debian.in ${CMAKE_BINARY_DIR}/deploy/changelog.Debian @ONLY)
set(ANOMAN_CHANGELOG_GZ ${CMAKE_BINARY_DIR}/deploy/changelog.Debian.gz)
add_custom_command(OUTPUT ${ANOMAN_CHANGELOG_GZ}
  COMMAND sh -c "gzip -9nc '${CMAKE_BINARY_DIR}/deploy/changelog.Debian' > '${ANOMAN_CHANGELOG_GZ}'"
  DEPENDS ${CMAKE_BINARY_DIR}/deploy/changelog.Debian VERBATIM)
add_custom_target(anoman_changelog ALL DEPENDS ${ANOMAN_CHANGELOG_GZ})
function(anoman_debian_docs component package)
  install(FILES ${ANOMAN_DEPLOY_DIR}/debian/doc/copyright ${ANOMAN_CHANGELOG_GZ}
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package} COMPONENT ${component})
endfunction()

# A manual page from a program's --help (help2man), gzipped as Debian wants.
# The page is named after the installed program, so help2man runs it through
# a link of that name.
find_program(ANOMAN_HELP2MAN help2man)
function(anoman_man_page target installed_name summary component)
  if(NOT ANOMAN_HELP2MAN OR NOT TARGET ${target})
    return()
  endif()
  set(link ${CMAKE_BINARY_DIR}/man/bin/${installed_name})
  set(page ${CMAKE_BINARY_DIR}/man/${installed_name}.1)
  add_custom_command(OUTPUT ${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man/bin
    COMMAND ${CMAKE_COMMAND} -E create_symlink $<TARGET_FILE:${target}> ${link}
    COMMAND ${ANOMAN_HELP2MAN} --no-info --no-discard-stderr --section=1 --version-string=${PROJECT_VERSION}
            "--name=${summary}" --output=${page} ${link}
    COMMAND gzip -9nf ${page}
    DEPENDS ${target}
    COMMENT "Manual page ${installed_name}(1) from its --help"
    VERBATIM)
  add_custom_target(anoman_man_${installed_name} ALL DEPENDS ${page}.gz)
  install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
endfunction()

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
# deploy/INSTALL.md goes in every package as install-guide.md (Debian keeps
# the name INSTALL for upstream's build instructions; lintian flags it).
# Section 3 points to the protocol reference: ship it.
install(FILES ${ANOMAN_DEPLOY_DIR}/INSTALL.md RENAME install-guide.md
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/si-anoman-server COMPONENT server)
# The guides INSTALL.md points to (BPJS reporting, the web pages, Mobile JKN,
# the network guards), and the examples and nginx site its sections use: IT
# staff installing the package have no source tree.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/../README.md ${CMAKE_CURRENT_LIST_DIR}/../docs/protocol.md
    ${CMAKE_CURRENT_LIST_DIR}/../docs/bpjs.md ${CMAKE_CURRENT_LIST_DIR}/../docs/web.md
    ${CMAKE_CURRENT_LIST_DIR}/../docs/mobile-jkn.md ${CMAKE_CURRENT_LIST_DIR}/../docs/network-guards.md
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/si-anoman-server COMPONENT server)
install(FILES ${ANOMAN_DEPLOY_DIR}/config/server.json.in
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/si-anoman-server/examples RENAME server.json COMPONENT server)
install(FILES ${ANOMAN_DEPLOY_DIR}/config/bpjs.example.json ${ANOMAN_DEPLOY_DIR}/config/mobile-jkn.example.json
    ${ANOMAN_DEPLOY_DIR}/nginx/si-anoman-mobile-jkn.conf
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/si-anoman-server/examples COMPONENT server)

anoman_debian_docs(server si-anoman-server)
anoman_man_page(queue-server queue-server "the Si Anoman hospital queue server" server)
anoman_man_page(queuectl queuectl "administer and script the Si Anoman queue-server" server)
anoman_man_page(si-anoman-backup si-anoman-backup "back up, verify and restore the Si Anoman queue database" server)

# ---- kiosk, display, counter -----------------------------------------------------
set(anoman_screen_what_kiosk "the self-service ticket kiosk (touch screen, ticket printer)")
set(anoman_screen_what_display "the waiting-hall display (calls shown and spoken)")
set(anoman_screen_what_counter "the clerk console of a counter (loket)")
set(ANOMAN_SCREEN_COMPONENTS)
foreach(component kiosk display counter)
  if(NOT TARGET ${component})
    continue()
  endif()
  list(APPEND ANOMAN_SCREEN_COMPONENTS ${component})
  # The build tree keeps the short names (tests and scripts use bin/kiosk ...);
  # only the installed program is renamed. install(PROGRAMS) is not stripped
  # by CPACK_STRIP_FILES (only install(TARGETS) is), so strip it here.
  install(PROGRAMS $<TARGET_FILE:${component}> DESTINATION ${CMAKE_INSTALL_BINDIR}
    RENAME si-anoman-${component} COMPONENT ${component})
  install(CODE "
    if(CMAKE_INSTALL_DO_STRIP)
      execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-unneeded
        \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/si-anoman-${component}\"
        RESULT_VARIABLE stripped)
      if(NOT stripped EQUAL 0)
        message(FATAL_ERROR \"cannot strip si-anoman-${component}\")
      endif()
    endif()" COMPONENT ${component})
  anoman_debian_docs(${component} si-anoman-${component})
  anoman_man_page(${component} si-anoman-${component} "Si Anoman ${component}: ${anoman_screen_what_${component}}" ${component})
  install(FILES ${ANOMAN_DEPLOY_DIR}/systemd/si-anoman-${component}.service
    DESTINATION ${ANOMAN_UNIT_DIR} COMPONENT ${component})
  install(FILES ${ANOMAN_DEPLOY_DIR}/sysusers/si-anoman-screen.conf
    DESTINATION ${ANOMAN_SYSUSERS_DIR} RENAME si-anoman-screen-${component}.conf COMPONENT ${component})
  install(FILES ${ANOMAN_DEPLOY_DIR}/config/${component}.env
    DESTINATION ${ANOMAN_SHARE_DIR} RENAME ${component}.env.example COMPONENT ${component})
  install(FILES ${ANOMAN_DEPLOY_DIR}/INSTALL.md RENAME install-guide.md
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
set(CPACK_PACKAGE_CONTACT "${ANOMAN_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL server ${ANOMAN_SCREEN_COMPONENTS})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/si-anoman")
# Library dependencies come from dpkg-shlibdeps; the rest is listed per package.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME si-anoman-server)
# (coreutils, used by postinst, is Essential: never listed.)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "systemd (>= 247), init-system-helpers (>= 1.54), tzdata")
# libjs-chart.js: the dashboard's charts (without it, tables only; docs/web.md).
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "sqlite3, libjs-chart.js")
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

foreach(component ${ANOMAN_SCREEN_COMPONENTS})
  string(TOUPPER ${component} upper)
  set(CPACK_DEBIAN_${upper}_PACKAGE_NAME si-anoman-${component})
  set(CPACK_DEBIAN_${upper}_PACKAGE_DEPENDS
    "systemd (>= 247), init-system-helpers (>= 1.54), cage (>= 0.1.2), xwayland, fonts-dejavu-core")
  set(CPACK_COMPONENT_${upper}_DESCRIPTION "Si Anoman ${component}: ${anoman_screen_what_${component}}
Runs full screen from boot on tty1 in the cage kiosk compositor, restarted
by systemd if it stops. Connects to the si-anoman-server over the LAN.")
  set(CPACK_DEBIAN_${upper}_PACKAGE_CONTROL_EXTRA
    ${CMAKE_BINARY_DIR}/deploy/debian/${component}/postinst
    ${CMAKE_BINARY_DIR}/deploy/debian/${component}/prerm
    ${CMAKE_BINARY_DIR}/deploy/debian/${component}/postrm)
endforeach()
set(CPACK_DEBIAN_DISPLAY_PACKAGE_RECOMMENDS "espeak-ng-data")

include(CPack)
