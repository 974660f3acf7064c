-- Figures for the same thing, place and date that disagree, and why they may.
create or replace view summary_fact_conflicts as
with

source as (
    select
        facts.article_id,
        facts.subject,
        coalesce(facts.place, '') as place,
        facts.as_of,
        facts.as_of_end,
        -- % and 个百分点 are one family: a mix-up between them is a unit conflict
        case when facts.unit = '个百分点' then '%' else coalesce(facts.unit, '') end as unit_family,
        coalesce(facts.unit, '') as unit,
        facts.value,
        facts.raw,
        -- the number as written, and the multiplier written after it
        replace(regexp_extract(facts.raw, '[0-9][0-9,.]*'), ',', '') as digits,
        case
            when contains(facts.raw, '万亿') then 1e12
            when contains(facts.raw, '亿') then 1e8
            when contains(facts.raw, '万') then 1e4
            else 1
        end as multiplier,
        -- what the words just before the figure say it counts: a part, a total, an addition
        nullif(regexp_extract(
            substring(articles.text, greatest(facts.start_offset - 11, 1), least(facts.start_offset, 12)),
            '(累计|其中|新增|共计|合计|全年|当年|年均|人均|剩余|还有|减少|增加)'), '') as qualifier
    from facts
    inner join articles using (article_id)
    where articles.duplicate_of is null
      and facts.subject is not null
      and facts.as_of_end is not null
      and facts.value > 0
),

-- the step of the last digit written: 26.65万 → 100, 27万 → 10000, 1200 → 100, 0.85% → 0.01;
-- two figures within half the coarser step are one figure rounded
tolerant as (
    select
        *,
        0.5 * multiplier * pow(10, case
            when digits = '' then 0
            when contains(digits, '.') then -length(split_part(digits, '.', 2))
            when multiplier = 1 then length(digits) - length(rtrim(digits, '0'))
            else 0
        end) as tolerance
    from source
),

valued as (
    select
        subject,
        place,
        as_of_end,
        unit_family,
        unit,
        value,
        min(raw) as raw,
        max(tolerance) as tolerance,
        list_sort(list_distinct(list(as_of))) as periods,
        list_sort(list_distinct(list(qualifier) filter (where qualifier is not null))) as qualifiers,
        list_sort(list_distinct(list(article_id))) as articles
    from tolerant
    group by subject, place, as_of_end, unit_family, unit, value
),

paired as (
    select
        a.subject,
        a.place,
        a.as_of_end,
        a.unit as unit_a,
        b.unit as unit_b,
        a.value as value_a,
        b.value as value_b,
        a.raw as raw_a,
        b.raw as raw_b,
        a.periods as periods_a,
        b.periods as periods_b,
        a.qualifiers as qualifiers_a,
        b.qualifiers as qualifiers_b,
        a.articles as articles_a,
        b.articles as articles_b,
        greatest(a.tolerance, b.tolerance) as tolerance,
        log10(b.value / a.value) as magnitude
    from valued as a
    inner join valued as b
        on b.subject = a.subject
       and b.place = a.place
       and b.as_of_end = a.as_of_end
       and b.unit_family = a.unit_family
       and (b.value > a.value or (b.value = a.value and b.unit > a.unit))
),

classified as (
    select
        *,
        case
            when unit_a <> unit_b then 'unit'
            when value_b - value_a <= tolerance then 'rounding'
            -- 10, 100, 10000 … times apart: a 万 or 亿 dropped or added
            when magnitude >= 0.999 and abs(magnitude - round(magnitude)) < 0.001 then 'unit'
            when periods_a <> periods_b then 'period'
            when qualifiers_a <> qualifiers_b then 'scope'
            else 'genuine'
        end as conflict_class
    from paired
),

final as (
    select
        subject,
        nullif(place, '') as place,
        as_of_end,
        list_distinct(list_concat(periods_a, periods_b)) as periods,
        conflict_class,
        value_a,
        unit_a,
        raw_a,
        articles_a,
        value_b,
        unit_b,
        raw_b,
        articles_b
    from classified
)

select * from final order by conflict_class = 'rounding', subject, place, as_of_end, value_a, value_b;

comment on view summary_fact_conflicts is 'One row per pair of different values given for the same subject, place (null: the sentence names none) and period end (facts.as_of_end), in stories that are not duplicates: the two values as written and the stories on each side, and a conflict class: rounding (within half the step of the coarser figure''s last written digit: 26.65万 and 27万, not 27万 and 30万), unit (10^n apart, or % against 个百分点), period (the same end but different periods: 2018 and 2018-12-31), scope (the words before the figures differ: 累计, 其中, 新增 …) or genuine (none of these). Filter conflict_class <> ''rounding'' for real disagreements.';
