"""Interview pages, one module per area:

- `availability`: the interviewer's home, weekly windows, time off, cap and buffer;
- `plans`: a posting's interview rounds and scorecard criteria;
- `scheduling`: an application's interviews, booking, self-scheduling links, one
  interview, rescheduling and cancelling;
- `scorecards`: scorecards (the blind rule), the feedback fragment, the decision page;
- `self_scheduling`: the candidate's public booking page (no account).

Interviewers never see pay figures here: no view puts compensation into a context.
"""
