Feature: msilo statistics
  The counters msilo exports, read with the management command stats.get_statistics "msilo:".
  A shared server keeps counting across scenarios, so each scenario compares with what it noted.

  Background:
    Given the server stores offline messages
    And the msilo parameter "check_time" is 1
    And the msilo parameter "add_date" is 0
    And the msilo statistics are noted

  @MSILO-S-stored_messages
  Scenario: Each stored message counts in stored_messages
    When alice sends a MESSAGE to bob with body "count me"
    Then the response status is 202
    And the msilo statistic "stored_messages" grew by 1

  @MSILO-S-failed_messages
  Scenario: A rejected delivery counts in failed_messages
    Given bob's phones answer MESSAGE with 480
    And alice sends a MESSAGE to bob with body "will fail"
    When bob registers
    Then bob receives the MESSAGE from alice with body "will fail"
    When 2 seconds pass
    Then the msilo statistic "failed_messages" grew by 1

  # MSILO-S-dumped_messages: the msilo docs count delivered offline messages in dumped_messages.
  # Kamailio 5.6 swaps the two counters in code and counts them in dumped_reminders; the reference
  # server follows the documentation, Kamailio diverges.
  @MSILO-S-dumped_messages @kamailio-divergence
  Scenario: A delivered message counts in dumped_messages
    Given alice sends a MESSAGE to bob with body "will arrive"
    When bob registers
    Then bob receives the MESSAGE from alice with body "will arrive"
    When 2 seconds pass
    Then the msilo statistic "dumped_messages" grew by 1
    And the msilo statistic "dumped_reminders" grew by 0
