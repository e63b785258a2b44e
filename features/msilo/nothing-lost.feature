Feature: Nothing lost when the server is killed
  The sample script answers 202 only after m_store succeeded and 503 when it failed (msilo 5.6
  §4.1 example), so a 202 promises a stored row. msilo keeps each copy it dumps in memory and
  deletes the row at the next check_time run once that copy got a 2xx (msilo §3.24 check_time).
  Killed with SIGKILL, the server forgets what was in flight but not the table: after a restart on
  the same database every accepted message is still there and reaches its owner at the next
  REGISTER, at least once. Nothing the server refused (503) shows up later.

  # check_time 30 leaves room to kill the server between a 2xx and the run that deletes the row.
  Background:
    Given the server stores offline messages
    And the server runs as its own process
    And the msilo parameter "check_time" is 30
    And the msilo parameter "expire_time" is 3600
    And the msilo parameter "max_messages" is 0
    And the msilo parameter "add_date" is 0

  @MSILO-B-store-result @crash
  Scenario: A message answered 202 survives a SIGKILL and is delivered after the restart
    When alice sends a MESSAGE to bob with body "kept through a crash"
    Then the response status is 202
    When the server is killed with SIGKILL and restarted
    Then the silo table has 1 row for bob
    And bob's silo row has body "kept through a crash"
    When bob registers
    Then the response status is 200
    And bob receives the MESSAGE from alice with body "kept through a crash"

  # The copy is on its way to bob's phone, which has not answered yet: no 2xx, so no deletion.
  @MSILO-B-dump-2xx-delete @crash
  Scenario: A dumped copy still waiting for its answer is not lost when the server is killed
    Given alice sends a MESSAGE to bob with body "in flight"
    And bob's phones do not answer MESSAGE
    When bob registers
    Then bob receives the MESSAGE from alice with body "in flight"
    When the server is killed with SIGKILL and restarted
    Then the silo table has 1 row for bob
    Given bob's phones answer MESSAGE with 200
    When bob registers
    Then bob receives the MESSAGE from alice with body "in flight" again

  # msilo §3.24: the 2xx is remembered in memory until the check_time run deletes the row. A kill
  # in between loses the memory, not the row: the message comes again (at least once, maybe twice).
  @MSILO-B-dump-2xx-delete @crash
  Scenario: A copy answered 200 but killed before the check_time run is delivered again
    Given alice sends a MESSAGE to bob with body "said twice"
    When bob registers
    Then bob receives the MESSAGE from alice with body "said twice"
    And bob's phone has answered the MESSAGE with 200
    When the server is killed with SIGKILL and restarted
    Then the silo table has 1 row for bob
    When bob registers
    Then bob receives the MESSAGE from alice with body "said twice" again
    When 31 seconds pass
    Then the silo table has 0 rows for bob

  # The sample script answers 503 when m_store fails (msilo 5.6 §4.1 example): nothing was kept.
  @MSILO-B-store-result @crash
  Scenario: A MESSAGE refused with 503 is never delivered, not even after a restart
    When alice sends a MESSAGE to bob without a body
    Then the response status is 503
    When the server is killed with SIGKILL and restarted
    Then the silo table has 0 rows for bob
    When bob registers
    Then the response status is 200
    And bob receives no MESSAGE within 1500 ms
