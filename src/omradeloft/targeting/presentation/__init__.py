"""What a viewer may see of targeting results: index scores and their contributions, and
the reasons a rule selected an area. The one disclosure filter of the indicator pages
(`omradeloft.indicators.presentation.Viewer`) decides who sees suppressed values; these
modules decide what of a score or a reason rests on them. Every page, download and
command that shows a score, a contribution or a reason goes through them.
"""
